using System.Globalization;
using System.Net;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Tests.TestSupport;

/// <summary>
/// One applicant's case through the API, as an app would drive it: it keeps the handle the open gave and takes the new
/// one any answer carries in X-Reset-Case.
/// </summary>
public sealed class Journey(ApiHost host, AccountRecord account)
{
    public const string Prefix = "/security-reset";

    public string Handle { get; private set; } = string.Empty;

    public List<string> Handles { get; } = [];

    public string CaseId { get; private set; } = string.Empty;

    public AccountRecord Account => account;

    public async Task<ApiResponse> OpenAsync()
    {
        var response = await host.PostAsync($"{Prefix}/cases", new { identifier = account.Email, entryPoint = "ForgotPassword" });
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        Assert.NotNull(response.Handle);
        Assert.False(response.Body.TryGetProperty("access", out _), "the bare credential never leaves the server");
        CaseId = response.Body.GetProperty("id").GetString()!;
        Follow(response);
        return response;
    }

    public async Task<ApiResponse> PostAsync(string step, object? body = null, string? key = null) =>
        Follow(await host.PostAsync($"{Prefix}/case/{step}", body, Handle, key));

    public async Task<ApiResponse> GetAsync() => Follow(await host.GetAsync($"{Prefix}/case", Handle));

    public ApiResponse Follow(ApiResponse response)
    {
        if (response.Handle is { } handle && handle != Handle)
        {
            Handle = handle;
            Handles.Add(handle);
        }

        return response;
    }

    public async Task<string> RequestCodeAsync(string target, ContactKind kind)
    {
        Ok(await PostAsync("codes", new { target }));
        return await host.DeliveredCodeAsync(CaseId, kind);
    }

    public async Task<ApiResponse> VerifyAsync(string target, ContactKind kind)
    {
        var code = await RequestCodeAsync(target, kind);
        return Ok(await PostAsync("codes/verify", new { target, code }));
    }

    /// <summary>Open, lose the authenticator, verify email and phone.</summary>
    public async Task<ApiResponse> ToQuestionnaireAsync()
    {
        await OpenAsync();
        Ok(await PostAsync("items", new { items = new[] { "Authenticator" } }));
        await VerifyAsync("BoundEmail", ContactKind.Email);
        return await VerifyAsync("BoundPhone", ContactKind.Phone);
    }

    /// <summary>Every step of the default policy's identity path, then submit.</summary>
    public async Task<ApiResponse> ToSubmittedAsync()
    {
        await ToQuestionnaireAsync();
        Ok(await PostAsync("questionnaire", new
        {
            recentTrades = new[] { "BTC/USDT buy" },
            assetHoldings = new[] { "BTC" },
            depositAddresses = Array.Empty<string>(),
            withdrawalAddresses = Array.Empty<string>(),
            antiPhishingCode = "owl-77",
            nickname = "tester",
        }));
        Ok(await PostAsync("proofs", new
        {
            proofs = new[] { "SourceOfFunds", "DestinationOfFunds", "NotificationRecords", "FiatTransactionRecords" }
                .Select(kind => new { kind, evidenceId = $"pdf-{kind}" }).ToArray(),
        }));
        Ok(await PostAsync("contact", new { kind = "Email", address = $"new{account.AccountId}@example.test" }));
        await VerifyAsync("NewContact", ContactKind.Email);
        Ok(await PostAsync("document", new { type = "Passport", issuingCountry = "GB", number = $"P{account.AccountId}", frontImageId = "png-front" }));
        Ok(await PostAsync("video", new
        {
            videoId = "mp4-statement",
            statement = new
            {
                uid = account.AccountId,
                email = account.Email,
                phone = account.Phone,
                date = DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                utcOffsetMinutes = 0,
                reason = "Lost my authenticator phone.",
            },
        }));
        Ok(await PostAsync("terms", new { version = "2025-06" }));
        return Ok(await PostAsync("submit"));
    }

    public static ApiResponse Ok(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response;
    }
}
