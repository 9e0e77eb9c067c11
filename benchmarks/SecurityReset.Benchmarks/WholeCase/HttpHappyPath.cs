using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecurityReset.AspNetCore;
using SecurityReset.Benchmarks.Support;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// The same happy path as <see cref="HappyPath"/>, through the package's endpoints on Kestrel on loopback: an HTTP
/// client sends each applicant and reviewer call as JSON with the case handle, and the host delivers the outbox in
/// process where a background job would. The service behind the endpoints is a <see cref="HappyPath"/>'s, on its own
/// <see cref="AdapterRig"/>. The abuse guards are off (one client opens thousands of cases); the signed-in account
/// and the reviewer come from a middleware, as a host's authentication would set them.
/// </summary>
internal sealed class HttpHappyPath : IAsyncDisposable
{
    private const string ReviewerHeader = "X-Bench-Reviewer";
    private const string Prefix = "/security-reset";

    private readonly AdapterRig _rig;
    private readonly HappyPath _path;
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private HttpHappyPath(AdapterRig rig, HappyPath path, WebApplication app)
    {
        _rig = rig;
        _path = path;
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public static async Task<HttpHappyPath> StartAsync(AdapterRig rig)
    {
        var path = new HappyPath(rig);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(path.Service);
        builder.Services.AddOptions<SecurityResetOptions>().Configure(o => o.SecretKey = Fixtures.SecretKey);
        builder.Services.AddSingleton<ISecurityResetEvidenceResolver, FixtureEvidence>();
        builder.Services.AddSecurityResetApi(o =>
        {
            var off = new SecurityResetRateLimit(0, TimeSpan.FromHours(1));
            o.OpenPerClient = off;
            o.OpenPerIdentifier = off;
            o.RequestCodePerCase = off;
            o.RequestCodePerDestination = off;
            o.CheckCodePerCase = off;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy("reviewers", p => p.RequireAuthenticatedUser());
        var app = builder.Build();
        app.Use((http, next) =>
        {
            var id = http.Request.Headers.ContainsKey(ReviewerHeader) ? Fixtures.Reviewer : Fixtures.AccountId;
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "bench"));
            return next(http);
        });
        app.UseRouting();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapSecurityResetApi();
        app.MapSecurityResetReviewApi("reviewers");
        await app.StartAsync();
        return new HttpHappyPath(rig, path, app);
    }

    /// <summary>Runs the whole case over HTTP; returns its final state (Completed) or throws on the first refusal.</summary>
    public async Task<CaseState> RunAsync()
    {
        var (handle, opened) = await SendAsync(HttpMethod.Post, "/cases", new { }, null);
        var caseId = CaseId.TryParse(opened.GetProperty("id").GetString(), out var id) ? id : throw new InvalidOperationException("No case id.");
        handle = await StepAsync(handle, "items", new { items = "Authenticator" });
        handle = await VerifyAsync(handle, caseId, "BoundEmail", ContactKind.Email);
        handle = await VerifyAsync(handle, caseId, "BoundPhone", ContactKind.Phone);
        var answers = Fixtures.Answers();
        handle = await StepAsync(handle, "questionnaire", new
        {
            recentTrades = answers.RecentTrades,
            assetHoldings = answers.AssetHoldings,
            depositAddresses = answers.DepositAddresses,
            withdrawalAddresses = answers.WithdrawalAddresses,
            antiPhishingCode = answers.AntiPhishingCode,
            nickname = answers.Nickname,
        });
        handle = await StepAsync(handle, "proofs", new { proofs = Fixtures.Proofs().Select(p => new { kind = p.Kind.ToString(), evidenceId = p.File.Id }) });
        handle = await StepAsync(handle, "contact", new { kind = "Email", address = Fixtures.NewEmail });
        handle = await VerifyAsync(handle, caseId, "NewContact", ContactKind.Email);
        var document = Fixtures.Document();
        handle = await StepAsync(handle, "document", new { type = document.Type.ToString(), issuingCountry = document.IssuingCountry, number = document.Number, frontImageId = document.FrontImage.Id });
        var video = Fixtures.Video();
        var statement = video.Statement;
        handle = await StepAsync(handle, "video", new
        {
            videoId = video.Video.Id,
            statement = new { uid = statement.Uid, email = statement.Email, phone = statement.Phone, date = statement.Date, utcOffsetMinutes = (int)statement.UtcOffset.TotalMinutes, reason = statement.Reason },
        });
        handle = await StepAsync(handle, "terms", new { version = Fixtures.TermsVersion });
        handle = await StepAsync(handle, "submit", null);
        await _path.Service.DispatchAsync();
        await SendAsync(HttpMethod.Post, $"/review/cases/{caseId}/claim", null, null, reviewer: true);
        await SendAsync(HttpMethod.Post, $"/review/cases/{caseId}/approve", null, null, reviewer: true);
        await _path.Service.DispatchAsync();
        var (_, final) = await SendAsync(HttpMethod.Get, "/case", null, handle);
        return Enum.Parse<CaseState>(final.GetProperty("state").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<string> VerifyAsync(string handle, CaseId caseId, string target, ContactKind kind)
    {
        handle = await StepAsync(handle, "codes", new { target });
        await _path.Service.DispatchAsync();
        var code = _rig.Outbox.LastCode(caseId, kind) ?? throw new InvalidOperationException($"No {kind} code was sent.");
        return await StepAsync(handle, "codes/verify", new { target, code });
    }

    private async Task<string> StepAsync(string handle, string step, object? body) =>
        (await SendAsync(HttpMethod.Post, "/case/" + step, body ?? new { }, handle)).Handle;

    private async Task<(string Handle, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, string? handle, bool reviewer = false)
    {
        using var request = new HttpRequestMessage(method, Prefix + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        if (handle is not null)
        {
            request.Headers.Add("X-Reset-Case", handle);
        }

        if (reviewer)
        {
            request.Headers.Add(ReviewerHeader, "1");
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        var next = response.Headers.TryGetValues("X-Reset-Case", out var values) ? values.First() : handle ?? string.Empty;
        return (next, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The host's upload store as this benchmark sees it: the fixture's file ids name the fixture's files.</summary>
    private sealed class FixtureEvidence : ISecurityResetEvidenceResolver
    {
        private static readonly Dictionary<string, EvidenceReference> Files = new[] { Fixtures.Document().FrontImage, Fixtures.Video().Video }
            .Concat(Fixtures.Proofs().Select(p => p.File))
            .ToDictionary(f => f.Id, StringComparer.Ordinal);

        public ValueTask<EvidenceReference?> ResolveAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Files.GetValueOrDefault(evidenceId));
    }
}
