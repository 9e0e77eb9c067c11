using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Web;

public sealed partial class PagesTests(WebHostFactory factory) : IClassFixture<WebHostFactory>
{
    private readonly HttpClient _browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task The_start_page_lists_the_demo_accounts_and_the_outbox_panel()
    {
        var page = await _browser.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("jane.doe@example.com", page, StringComparison.Ordinal);
        Assert.Contains("mei.lin@example.org", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outbox\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_its_anti_forgery_token_is_refused()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Identifier"] = "jane.doe@example.com", ["EntryPoint"] = "ForgotPassword" });

        var response = await _browser.PostAsync("/", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Starting_a_case_sets_a_protected_cookie_and_keeps_the_case_out_of_the_url()
    {
        var account = TestAccounts.Add(factory.Directory);
        var start = await _browser.GetStringAsync("/", TestContext.Current.CancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Identifier"] = account.Email,
            ["EntryPoint"] = "ForgotPassword",
            ["__RequestVerificationToken"] = Token(start),
        });

        var response = await _browser.PostAsync("/", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reset/items", response.Headers.Location?.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sr-case=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await OpenCaseIdAsync(account.Id), cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verified_factor_reissues_the_cookie_and_the_one_from_before_is_dropped_with_a_reason()
    {
        var account = TestAccounts.Add(factory.Directory);
        var opened = await StartAsync(_browser, account.Email);
        Assert.Equal("/reset/verify", (await PostFormAsync(_browser, "/reset/items", null, new() { ["Items"] = "Authenticator" })).Headers.Location?.OriginalString);
        var caseId = await OpenCaseIdAsync(account.Id);
        await PostFormAsync(_browser, "/reset/verify", "RequestCode", new() { ["Target"] = "BoundEmail" });
        var code = (await factory.DeliveredCodeAsync(caseId, after: 0)).Code;

        var verified = await PostFormAsync(_browser, "/reset/verify", "VerifyCode", new() { ["Target"] = "BoundEmail", ["Code"] = code });

        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        var reissued = CaseCookie(verified);
        Assert.NotNull(reissued);
        Assert.NotEqual(opened, reissued);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/reset/verify", TestContext.Current.CancellationToken)).StatusCode); // the browser holds the new one

        // The cookie from before the verified email no longer holds the case: it goes, and the start page says why.
        await AssertDroppedAsync(opened!, "/reset/verify");
    }

    [Fact]
    public async Task A_cookie_of_a_superseded_case_is_dropped_with_a_reason()
    {
        var account = TestAccounts.Add(factory.Directory);
        var first = await StartAsync(_browser, account.Email);

        // Another browser opens for the same account while the first case proved nothing: the first ends.
        using var other = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.NotNull(await StartAsync(other, account.Email));

        await AssertDroppedAsync(first!, "/reset/items");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/reset/items", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_step_page_without_a_case_goes_back_to_the_start()
    {
        var response = await _browser.GetAsync("/reset/verify", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_reviewer_area_asks_for_a_sign_in()
    {
        var response = await _browser.GetAsync("/review", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/review/sign-in", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await _browser.GetAsync($"/review/evidence/{Guid.NewGuid():N}/ev-{new string('a', 32)}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_this_wasnt_me_page_takes_a_notice_token_once_without_a_case_cookie_and_flags_the_case()
    {
        var account = TestAccounts.Add(factory.Directory);
        await StartAsync(_browser, account.Email);
        var caseId = await OpenCaseIdAsync(account.Id);
        SecurityReset.Ports.Notification? notice = null;
        await Eventually.TrueAsync(
            () => (notice = factory.Messenger.Notifications.FirstOrDefault(n => n.CaseId.ToString() == caseId && n.Address == account.Phone && n.DisputeToken is not null)) is not null,
            "the opening notice to the bound phone");
        var token = notice!.DisputeToken!;

        // The owner opens the link on their phone: another browser, holding no case.
        using var owner = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await owner.GetStringAsync("/dispute?token=" + Uri.EscapeDataString(token), TestContext.Current.CancellationToken);
        Assert.Contains("data-testid=\"dispute-form\"", page, StringComparison.Ordinal);

        var received = await PostDisputeAsync(owner, page, token);
        Assert.Contains("data-testid=\"dispute-received\"", received, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"reset-held\"", received, StringComparison.Ordinal); // nothing approved yet: only flagged
        Assert.DoesNotContain(token, received, StringComparison.Ordinal);
        Assert.True(CaseId.TryParse(caseId, out var id));
        var review = (await factory.Services.GetRequiredService<SecurityResetService>().GetCaseForReviewAsync(id, "reviewer-a", TestContext.Current.CancellationToken)).View!;
        var flag = Assert.Single(review.Disputes);
        Assert.Equal((ContactKind.Phone, CaseState.SelectingItems), (flag.Channel, flag.StateAtDispute));

        // The token works once; a forged one gets the same answer.
        Assert.Contains("dispute.token_invalid", await PostDisputeAsync(owner, page, token), StringComparison.Ordinal);
        Assert.Contains("dispute.token_invalid", await PostDisputeAsync(owner, page, caseId + "." + new string('A', 43)), StringComparison.Ordinal);
        Assert.Single((await factory.Services.GetRequiredService<SecurityResetService>().GetCaseForReviewAsync(id, "reviewer-a", TestContext.Current.CancellationToken)).View!.Disputes);
    }

    private static async Task<string> PostDisputeAsync(HttpClient browser, string page, string token)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["Reason"] = "I did not ask for this",
            ["RequestKey"] = Guid.NewGuid().ToString("N"),
            ["__RequestVerificationToken"] = Token(page),
        });
        var response = await browser.PostAsync("/dispute", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Opens a case from the start page (with the form's idempotency key); returns the case cookie it set.</summary>
    private static async Task<string?> StartAsync(HttpClient browser, string identifier)
    {
        var started = await PostFormAsync(browser, "/", null, new() { ["Identifier"] = identifier, ["EntryPoint"] = "ForgotPassword", ["RequestKey"] = Guid.NewGuid().ToString("N") });
        Assert.Equal("/reset/items", started.Headers.Location?.OriginalString);
        return CaseCookie(started);
    }

    /// <summary>Reads the form's anti-forgery token from the page, then posts the form to the handler.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string? handler, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(path, TestContext.Current.CancellationToken);
        fields["__RequestVerificationToken"] = Token(page);
        fields.TryAdd("RequestKey", Guid.NewGuid().ToString("N"));
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(handler is null ? path : $"{path}?handler={handler}", form, TestContext.Current.CancellationToken);
    }

    /// <summary>A browser that shows an old case cookie is sent to the start, loses the cookie and reads why.</summary>
    private async Task AssertDroppedAsync(string staleCookie, string path)
    {
        var cookies = new CookieContainer();
        cookies.Add(new Uri("http://localhost"), new Cookie("sr-case", staleCookie));
        using var stale = factory.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));

        var sent = await stale.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/", sent.Headers.Location?.OriginalString);
        Assert.DoesNotContain(cookies.GetCookies(new Uri("http://localhost")), c => c.Name == "sr-case" && !c.Expired);
        var start = await stale.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("case.credential_invalid", start, StringComparison.Ordinal);
        Assert.Contains("can no longer be continued in this browser", start, StringComparison.Ordinal);
    }

    private static string? CaseCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith("sr-case=", StringComparison.Ordinal)).Select(c => c["sr-case=".Length..c.IndexOf(';', StringComparison.Ordinal)]).SingleOrDefault()
            : null;

    private async Task<string> OpenCaseIdAsync(string accountId)
    {
        var store = (SecurityReset.Ports.IResetCaseStore)factory.Services.GetService(typeof(SecurityReset.Ports.IResetCaseStore))!;
        return (await store.FindOpenCaseAsync(accountId, TestContext.Current.CancellationToken))!.Id.ToString();
    }

    internal static string Token(string html) => AntiForgery().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}

public sealed class ProductionTests(ProductionFactory factory) : IClassFixture<ProductionFactory>
{
    private readonly HttpClient _browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/review")]
    [InlineData("/review/sign-in")]
    [InlineData("/vendor/facescan")]
    public async Task Development_only_pages_do_not_exist_elsewhere(string path) =>
        Assert.Equal(HttpStatusCode.NotFound, (await _browser.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);

    [Fact]
    public async Task The_demo_vendor_api_and_the_outbox_panel_do_not_exist_elsewhere()
    {
        using var empty = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await _browser.PostAsync("/api/demo/face-scan-sessions", empty, TestContext.Current.CancellationToken)).StatusCode);
        Assert.DoesNotContain("data-testid=\"outbox\"", await _browser.GetStringAsync("/", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
