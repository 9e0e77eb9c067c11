using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
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
        Assert.Equal(HttpStatusCode.Redirect, (await _browser.GetAsync("/review/evidence/" + new string('a', 64), TestContext.Current.CancellationToken)).StatusCode);
    }

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
