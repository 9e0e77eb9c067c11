using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SecurityReset.WebHost.Tests.TestSupport;

/// <summary>One answer of the API: status, JSON body, headers.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers, string? MediaType)
{
    /// <summary>The problem's error code, or <see langword="null"/>.</summary>
    public string? Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>The case view: the body, or the problem's <c>case</c> extension.</summary>
    public JsonElement Case => Body.TryGetProperty("case", out var view) ? view : Body;

    public string? State => Case.TryGetProperty("state", out var state) ? state.GetString() : null;

    public long Version => Case.GetProperty("version").GetInt64();

    /// <summary>The new case handle the answer carries (after a verified factor), or <see langword="null"/>.</summary>
    public string? NewHandle => Headers.TryGetValues("X-Reset-Case", out var values) ? values.Single() : null;

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>A thin client of the applicant API: the case handle goes in X-Reset-Case, the key in Idempotency-Key.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<(string Token, ApiResponse Response)> OpenAsync(string identifier, string entryPoint = "ForgotPassword", string? idempotencyKey = null, string? device = null)
    {
        var response = await OpenRawAsync(identifier, entryPoint, idempotencyKey, device);
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        // The handle travels in the header only: the body is the case view.
        Assert.False(response.Body.TryGetProperty("caseToken", out _));
        return (response.NewHandle!, response);
    }

    /// <summary>Opens, the app installation's id in X-Reset-Device when given; any answer.</summary>
    public Task<ApiResponse> OpenRawAsync(string identifier, string entryPoint = "ForgotPassword", string? idempotencyKey = null, string? device = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { identifier, entryPoint }) };
        if (device is not null)
        {
            request.Headers.Add("X-Reset-Device", device);
        }

        return SendAsync(request, null, idempotencyKey);
    }

    public Task<ApiResponse> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return SendAsync(request, token, null);
    }

    public Task<ApiResponse> PostAsync(string path, string? token, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        return SendAsync(request, token, idempotencyKey);
    }

    public Task<ApiResponse> PostRawAsync(string path, string? token, string json, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, mediaType) };
        return SendAsync(request, token, null);
    }

    /// <summary>Uploads one file as the raw body (<c>application/octet-stream</c>: the server reads the type from the bytes).</summary>
    public async Task<ApiResponse> UploadAsync(string? token, byte[] bytes, string kind = "File")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/case/evidence?kind={kind}") { Content = file };
        return await SendAsync(request, token, null);
    }

    /// <summary>Uploads a file and returns its evidence id.</summary>
    public async Task<string> StoreAsync(string token, byte[] bytes, string kind = "File")
    {
        var response = await UploadAsync(token, bytes, kind);
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        return response.Body.GetProperty("id").GetString()!;
    }

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request, string? token, string? idempotencyKey)
    {
        if (token is not null)
        {
            request.Headers.Add("X-Reset-Case", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        request.Dispose();
        return new ApiResponse(response.StatusCode, body, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>
/// Drives one applicant's case through the API, step by step, as the app would: it keeps the handle the open gave and
/// takes the new one any answer carries in X-Reset-Case (every verified factor replaces the credential).
/// </summary>
public sealed class Journey(WebHostFactory factory, ApiClient api, TestAccount account)
{
    /// <summary>The handle held now.</summary>
    public string Token { get; private set; } = string.Empty;

    /// <summary>Every handle this journey held, oldest first.</summary>
    public List<string> Handles { get; } = [];

    public string CaseId { get; private set; } = string.Empty;

    public TestAccount Account => account;

    public ApiClient Api => api;

    public static string Today(WebHostFactory factory) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<ApiResponse> OpenAsync()
    {
        var (token, response) = await api.OpenAsync(account.Email);
        Token = token;
        Handles.Add(token);
        CaseId = response.Case.GetProperty("id").GetString()!;
        return response;
    }

    public async Task<ApiResponse> PostAsync(string path, object? body = null, string? key = null) => Follow(await api.PostAsync(path, Token, body, key));

    public async Task<ApiResponse> GetAsync(string path = "/api/case") => Follow(await api.GetAsync(path, Token));

    /// <summary>Keeps the new handle an answer carries.</summary>
    public ApiResponse Follow(ApiResponse response)
    {
        if (response.NewHandle is { } handle && handle != Token)
        {
            Token = handle;
            Handles.Add(handle);
        }

        return response;
    }

    /// <summary>How many codes have arrived for this case so far.</summary>
    public int CodesArrived => factory.CodesFor(CaseId).Count;

    /// <summary>Asks for a code and waits until the background delivery loop brings it, as the applicant waits for the mail.</summary>
    /// <param name="target">Where the code goes.</param>
    /// <returns>The code.</returns>
    public async Task<string> RequestCodeAsync(string target)
    {
        var before = CodesArrived;
        var requested = Ok(await PostAsync("/api/case/codes", new { target }));
        Assert.Contains(target, requested.Case.GetProperty("codesOnTheirWay").EnumerateArray().Select(e => e.GetString()));
        return (await factory.DeliveredCodeAsync(CaseId, before)).Code;
    }

    public async Task<ApiResponse> VerifyAsync(string target)
    {
        var code = await RequestCodeAsync(target);
        return Ok(await PostAsync("/api/case/codes/verify", new { target, code }));
    }

    /// <summary>Open, lose the authenticator, verify email and phone: the case waits at the questionnaire.</summary>
    public async Task<ApiResponse> ToQuestionnaireAsync()
    {
        await OpenAsync();
        Ok(await PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));
        await VerifyAsync("BoundEmail");
        return await VerifyAsync("BoundPhone");
    }

    public Task<ApiResponse> AnswerAsync() => PostAsync("/api/case/questionnaire", new
    {
        recentTrades = new[] { "BTC/USDT buy" },
        assetHoldings = new[] { "BTC" },
        depositAddresses = Array.Empty<string>(),
        withdrawalAddresses = Array.Empty<string>(),
        antiPhishingCode = "owl-77",
        nickname = "tester",
    });

    public async Task<ApiResponse> ProofsAsync()
    {
        var proofs = new List<object>();
        foreach (var kind in new[] { "SourceOfFunds", "DestinationOfFunds", "NotificationRecords", "FiatTransactionRecords" })
        {
            proofs.Add(new { kind, evidenceId = await api.StoreAsync(Token, SampleFiles.Pdf(kind)) });
        }

        return await PostAsync("/api/case/proofs", new { proofs });
    }

    /// <summary>On to the identity step.</summary>
    public async Task<ApiResponse> ToIdentityAsync()
    {
        await ToQuestionnaireAsync();
        Ok(await AnswerAsync());
        return Ok(await ProofsAsync());
    }

    public async Task<ApiResponse> NewContactAsync(string address)
    {
        Ok(await PostAsync("/api/case/contact", new { kind = "Email", address }));
        return await VerifyAsync("NewContact");
    }

    public async Task<ApiResponse> DocumentAsync(string type = "Passport", string country = "GB", string? number = null) =>
        await PostAsync("/api/case/document", new
        {
            type,
            issuingCountry = country,
            number = number ?? $"P{account.Id}",
            frontImageId = await api.StoreAsync(Token, SampleFiles.Png("front")),
        });

    public async Task<ApiResponse> VideoAsync(string? uid = null, string? date = null) =>
        await PostAsync("/api/case/video", new
        {
            videoId = await api.StoreAsync(Token, SampleFiles.Mp4(), "Video"),
            statement = new
            {
                uid = uid ?? account.Id,
                email = account.Email,
                phone = account.Phone,
                date = date ?? Today(factory),
                utcOffsetMinutes = 0,
                reason = "Lost my authenticator phone.",
            },
        });

    /// <summary>Every identity item, then submit.</summary>
    public async Task<ApiResponse> ToSubmittedAsync()
    {
        await ToIdentityAsync();
        Ok(await NewContactAsync($"new{account.Id}@example.test"));
        Ok(await DocumentAsync());
        Ok(await VideoAsync());
        Ok(await PostAsync("/api/case/terms", new { version = "2025-06" }));
        return Ok(await PostAsync("/api/case/submit"));
    }

    public static ApiResponse Ok(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response;
    }
}
