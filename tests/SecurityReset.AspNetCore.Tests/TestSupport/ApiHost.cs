using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Tests.TestSupport;

/// <summary>One answer: status, JSON body, headers.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, IReadOnlyDictionary<string, string> Headers, string? MediaType)
{
    public string? Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>The new case handle the answer carries, or <see langword="null"/>.</summary>
    public string? Handle => Headers.TryGetValue("X-Reset-Case", out var value) ? value : null;

    public string? State => Body.TryGetProperty("state", out var state) ? state.GetString() : null;

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>
/// A web application in process (TestServer) with the library on its in-memory adapters, a fake clock, the package's
/// endpoints under their default prefixes, a header-driven test sign-in, a reviewer policy and the OpenAPI document.
/// Nothing runs in the background: tests deliver the outbox themselves.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    /// <summary>A fixed, invented 32-byte key (base64).</summary>
    public const string SecretKey = "c2VjdXJpdHlyZXNldC1hc3BuZXRjb3JlLXRlc3RzLWtleTE=";

    private static int s_nextAccount;

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, bool kestrel)
    {
        _app = app;
        Client = kestrel
            ? new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) }
            : app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public FakeTimeProvider Time => Services.GetRequiredService<FakeTimeProvider>();

    public RecordingMessenger Messenger => Services.GetRequiredService<RecordingMessenger>();

    public SecurityResetService Service => Services.GetRequiredService<SecurityResetService>();

    /// <param name="configure">Sets the endpoints' options.</param>
    /// <param name="hostServices">Adds or replaces services.</param>
    /// <param name="kestrel">Serves on real Kestrel on a free loopback port (body limits, Content-Length and chunked bodies as in production) instead of the in-process test server.</param>
    /// <param name="map">Maps endpoints of the test's own beside the package's.</param>
    public static async Task<ApiHost> StartAsync(Action<SecurityResetApiOptions>? configure = null, Action<IServiceCollection>? hostServices = null, bool kestrel = false,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (kestrel)
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        var services = builder.Services;

        // The clock starts now: Data Protection checks a handle's expiry against the real clock.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        services.AddSingleton(time);
        services.AddSingleton<TimeProvider>(time);
        services.AddSecurityReset(o => o.SecretKey = SecretKey)
            .UseInMemoryStore()
            .UseRecordingMessenger()
            .UseInMemoryAccountDirectory()
            .UseInMemoryIdentityChecks()
            .UseInMemoryEvidenceStore();
        if (configure is null)
        {
            services.AddSecurityResetApi();
        }
        else
        {
            services.AddSecurityResetApi(configure);
        }

        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<ISecurityResetEvidenceResolver, TestEvidence>();
        services.AddAuthentication(TestAuth.SchemeName).AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestAuth>(TestAuth.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(TestAuth.ReviewerPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(TestAuth.RoleClaim, "reviewer"));
        services.AddOpenApi("securityreset", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SecurityReset API";
            document.Info.Version = "v1";
            return Task.CompletedTask;
        }));
        hostServices?.Invoke(services);

        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapSecurityResetApi();
        app.MapSecurityResetReviewApi(TestAuth.ReviewerPolicy);
        app.MapOpenApi();
        map?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ApiHost(app, kestrel);
    }

    /// <summary>Adds an invented account with email, phone and authenticator bound.</summary>
    public AccountRecord AddAccount()
    {
        var n = Interlocked.Increment(ref s_nextAccount) + (Environment.ProcessId % 1000 * 1000);
        var id = (50_000_000 + n).ToString(CultureInfo.InvariantCulture);
        var record = new AccountRecord(id, $"user{id}@example.test", $"+4478{id}", true, KycLevel.None, null);
        var facts = new QuestionnaireAnswers(["BTC/USDT buy"], ["BTC"], ["bc1qtest"], ["0xtest"], "owl-77", "tester");
        Services.GetRequiredService<InMemoryAccountDirectory>().Add(record, Encoding.ASCII.GetBytes($"totp-{id}".PadRight(20, '0')[..20]), facts);
        return record;
    }

    /// <summary>Delivers the outbox, then the last code sent for a case to a contact kind.</summary>
    public async Task<string> DeliveredCodeAsync(string caseId, ContactKind kind)
    {
        await Service.DispatchAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(CaseId.TryParse(caseId, out var id));
        return Messenger.LastCode(id, kind) ?? throw new InvalidOperationException("No code was delivered.");
    }

    /// <summary>Uploads raw bytes to <c>case/evidence</c>; <paramref name="chunked"/> sends no Content-Length.</summary>
    public async Task<ApiResponse> UploadAsync(string? handle, byte[] bytes, string kind = "File", bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/security-reset/case/evidence?kind={kind}");
        request.Content = chunked ? new StreamContent(new UnknownLengthStream(bytes)) : new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        if (handle is not null)
        {
            request.Headers.Add("X-Reset-Case", handle);
        }

        return await ReadAsync(request);
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null, string? handle = null, string? idempotencyKey = null,
        string? user = null, string? role = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        if (handle is not null)
        {
            request.Headers.Add("X-Reset-Case", handle);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (user is not null)
        {
            request.Headers.Add(TestAuth.UserHeader, user);
        }

        if (role is not null)
        {
            request.Headers.Add(TestAuth.RoleHeader, role);
        }

        return await ReadAsync(request);
    }

    private async Task<ApiResponse> ReadAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiResponse(response.StatusCode, json, headers, response.Content.Headers.ContentType?.MediaType);
    }

    public Task<ApiResponse> PostAsync(string path, object? body = null, string? handle = null, string? idempotencyKey = null, string? user = null, string? role = null) =>
        SendAsync(HttpMethod.Post, path, body, handle, idempotencyKey, user, role);

    public Task<ApiResponse> GetAsync(string path, string? handle = null, string? user = null, string? role = null) =>
        SendAsync(HttpMethod.Get, path, null, handle, null, user, role);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
