using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.AspNetCore.Tests.TestSupport;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Tests.Api;

/// <summary>The case handle in a Data Protection cookie, for a host's browser pages: set, rotated, refused, cleared, and CSRF-proof.</summary>
public sealed class CaseCookieTests
{
    private const string Cookie = "sr-case";
    private const string TokenPath = "/test/antiforgery";
    private const string Prefix = Journey.Prefix;

    [Fact]
    public async Task The_open_sets_an_HttpOnly_SameSite_Strict_cookie_for_the_handle_lifetime_on_its_path_and_Secure_only_over_HTTPS()
    {
        await using var host = await StartAsync(o => o.CaseCookiePath = "/security-reset");
        var account = host.AddAccount();

        var plain = await new CookieBrowser(host).PostAsync($"{Prefix}/cases", OpenBody(account));
        var secure = await new CookieBrowser(host, "https://localhost").PostAsync($"{Prefix}/cases", OpenBody(account));

        Assert.Equal(HttpStatusCode.Created, plain.Response.Status);
        var attributes = Attributes(plain.SetCookie(Cookie));
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/security-reset", attributes);
        Assert.Contains($"max-age={(long)TimeSpan.FromDays(30).TotalSeconds}", attributes);
        Assert.DoesNotContain("secure", attributes);
        Assert.NotNull(plain.Response.Handle); // the header still carries it, for an app
        Assert.Contains("secure", Attributes(secure.SetCookie(Cookie)));
    }

    [Fact]
    public async Task A_get_with_the_cookie_alone_reads_the_case()
    {
        await using var host = await StartAsync();
        var browser = new CookieBrowser(host);
        var opened = await OpenAsync(host, browser);

        var read = await browser.GetAsync($"{Prefix}/case");

        Assert.True(read.Response.Status == HttpStatusCode.OK, read.Response.ToString());
        Assert.Equal(opened.Body.GetProperty("id").GetString(), read.Response.Body.GetProperty("id").GetString());
        Assert.Null(read.SetCookie(Cookie)); // nothing rotated, nothing to set
    }

    [Fact]
    public async Task An_unsafe_request_by_cookie_without_a_valid_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var browser = new CookieBrowser(host);
        await OpenAsync(host, browser);
        var before = (await browser.GetAsync($"{Prefix}/case")).Response;

        var noToken = await browser.PostAsync($"{Prefix}/case/items", new { items = new[] { "Authenticator" } });
        var token = await browser.AntiforgeryTokenAsync(TokenPath);
        var wrongToken = await browser.PostAsync($"{Prefix}/case/items", new { items = new[] { "Authenticator" } }, antiforgeryToken: token[..^4] + "AAAA");
        var cancel = await browser.PostAsync($"{Prefix}/case/cancel");

        ProblemDetailsTests.AssertProblem(noToken.Response, HttpStatusCode.BadRequest, "request.antiforgery_invalid", "Malformed");
        ProblemDetailsTests.AssertProblem(wrongToken.Response, HttpStatusCode.BadRequest, "request.antiforgery_invalid", "Malformed");
        ProblemDetailsTests.AssertProblem(cancel.Response, HttpStatusCode.BadRequest, "request.antiforgery_invalid", "Malformed");
        var after = (await browser.GetAsync($"{Prefix}/case")).Response;
        Assert.Equal("SelectingItems", after.State);
        Assert.Equal(before.Body.GetProperty("version").GetInt64(), after.Body.GetProperty("version").GetInt64());
        Assert.True(browser.Cookies.ContainsKey(Cookie)); // a refused token does not cost the case

        var selected = await browser.PostAsync($"{Prefix}/case/items", new { items = new[] { "Authenticator" } }, antiforgeryToken: token);
        Assert.True(selected.Response.Status == HttpStatusCode.OK, selected.Response.ToString());
        Assert.Equal("VerifyingItems", selected.Response.State);
    }

    [Fact]
    public async Task A_request_with_the_header_needs_no_antiforgery_token_and_the_header_wins_over_the_cookie()
    {
        await using var host = await StartAsync();
        var browser = new CookieBrowser(host);
        await OpenAsync(host, browser);
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();

        // A cross-site form cannot set a header: a header-authenticated request is no forgery.
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));

        // With both, the header names the case.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Prefix}/case");
        request.Headers.Add("X-Reset-Case", journey.Handle);
        request.Headers.Add("Cookie", $"{Cookie}={browser.Cookies[Cookie]}");
        using var both = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await both.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Contains(journey.CaseId, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verified_factor_by_cookie_sets_a_new_cookie_and_the_old_cookie_is_refused_and_cleared()
    {
        await using var host = await StartAsync();
        var browser = new CookieBrowser(host);
        var opened = await OpenAsync(host, browser);
        var caseId = opened.Body.GetProperty("id").GetString()!;
        var token = await browser.AntiforgeryTokenAsync(TokenPath);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync($"{Prefix}/case/items", new { items = new[] { "Authenticator" } }, token)).Response.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync($"{Prefix}/case/codes", new { target = "BoundEmail" }, token)).Response.Status);
        var code = await host.DeliveredCodeAsync(caseId, ContactKind.Email);
        var old = browser.Cookies[Cookie];

        var verified = await browser.PostAsync($"{Prefix}/case/codes/verify", new { target = "BoundEmail", code }, token);

        Assert.True(verified.Response.Status == HttpStatusCode.OK, verified.Response.ToString());
        Assert.Contains("httponly", Attributes(verified.SetCookie(Cookie)));
        Assert.NotEqual(old, browser.Cookies[Cookie]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{Prefix}/case")).Response.Status);

        // The browser that still shows the old cookie (another tab's copy, a stolen one) no longer holds the case.
        var stale = new CookieBrowser(host);
        stale.Cookies[Cookie] = old;
        var read = await stale.GetAsync($"{Prefix}/case");
        ProblemDetailsTests.AssertProblem(read.Response, HttpStatusCode.Forbidden, "case.credential_invalid", "Denied");
        Assert.True(read.Clears(Cookie), string.Join(" | ", read.SetCookies));
        Assert.False(stale.Cookies.ContainsKey(Cookie));
    }

    [Fact]
    public async Task A_superseded_case_s_cookie_is_refused_and_cleared_for_reads_and_steps()
    {
        await using var host = await StartAsync();
        var account = host.AddAccount();
        var browser = new CookieBrowser(host);
        Assert.Equal(HttpStatusCode.Created, (await browser.PostAsync($"{Prefix}/cases", OpenBody(account))).Response.Status);
        var token = await browser.AntiforgeryTokenAsync(TokenPath);
        var held = browser.Cookies[Cookie];

        // The owner signs in and starts over: the signed-out case is superseded.
        var signedIn = await host.PostAsync($"{Prefix}/cases", new { entryPoint = "LoggedIn" }, user: account.AccountId);
        Assert.True(signedIn.Status == HttpStatusCode.Created, signedIn.ToString());

        var step = await browser.PostAsync($"{Prefix}/case/items", new { items = new[] { "Authenticator" } }, token);
        ProblemDetailsTests.AssertProblem(step.Response, HttpStatusCode.Forbidden, "case.credential_invalid", "Denied");
        Assert.True(step.Clears(Cookie));
        browser.Cookies[Cookie] = held;
        var read = await browser.GetAsync($"{Prefix}/case");
        ProblemDetailsTests.AssertProblem(read.Response, HttpStatusCode.Forbidden, "case.credential_invalid", "Denied");
        Assert.True(read.Clears(Cookie));
    }

    [Fact]
    public async Task A_forged_cookie_names_no_case_and_is_cleared()
    {
        await using var host = await StartAsync();
        var browser = new CookieBrowser(host);
        browser.Cookies[Cookie] = "CfDJ8forged";

        var read = await browser.GetAsync($"{Prefix}/case");

        ProblemDetailsTests.AssertProblem(read.Response, HttpStatusCode.NotFound, "case.not_found", "NotFound");
        Assert.True(read.Clears(Cookie));
    }

    [Fact]
    public async Task Without_a_cookie_name_the_endpoints_neither_set_nor_read_a_cookie()
    {
        await using var host = await ApiHost.StartAsync();
        var browser = new CookieBrowser(host);

        var opened = await browser.PostAsync($"{Prefix}/cases", OpenBody(host.AddAccount()));
        browser.Cookies[Cookie] = opened.Response.Handle!;
        var read = await browser.GetAsync($"{Prefix}/case");

        Assert.Equal(HttpStatusCode.Created, opened.Response.Status);
        Assert.Empty(opened.SetCookies);
        ProblemDetailsTests.AssertProblem(read.Response, HttpStatusCode.BadRequest, "request.invalid", "Malformed");
    }

    [Fact]
    public async Task The_service_keeps_a_page_s_cookie_in_step_with_the_library_s_answers()
    {
        await using var host = await StartAsync();
        var handles = host.Services.GetRequiredService<SecurityResetCaseHandles>();
        var opened = await host.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(host.AddAccount().Email!, Channel.Web, EntryPoint.ForgotPassword),
            cancellationToken: TestContext.Current.CancellationToken);
        var access = opened.View!.Access!.Value;

        var set = new DefaultHttpContext { RequestServices = host.Services };
        handles.SetCookie(set, access);
        var line = set.Response.Headers.SetCookie.ToString();
        var page = new DefaultHttpContext { RequestServices = host.Services };
        page.Request.Headers.Cookie = line[..line.IndexOf(';', StringComparison.Ordinal)];
        Assert.True(handles.TryReadCookie(page, out var read));
        Assert.Equal(access, read);
        Assert.False(handles.TryReadHeader(page, out _));

        // A refused credential clears the cookie; an answer with a new credential replaces it.
        var lost = new DefaultHttpContext { RequestServices = host.Services };
        Assert.False(handles.FollowCookie(lost, new ResetResult<ApplicantCaseView>(new ResetError(ErrorCodes.CredentialInvalid, "Refused."), null)));
        Assert.StartsWith($"{Cookie}=;", lost.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        var kept = new DefaultHttpContext { RequestServices = host.Services };
        Assert.True(handles.FollowCookie(kept, opened));
        Assert.StartsWith($"{Cookie}=CfDJ8", kept.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        var unchanged = new DefaultHttpContext { RequestServices = host.Services };
        Assert.True(handles.FollowCookie(unchanged, opened with { View = opened.View with { Access = null } }));
        Assert.Equal(0, unchanged.Response.Headers.SetCookie.Count);
    }

    private static Task<ApiHost> StartAsync(Action<SecurityResetApiOptions>? more = null) => ApiHost.StartAsync(
        o =>
        {
            o.CaseCookieName = Cookie;
            more?.Invoke(o);
        },
        map: app => app.MapGet(TokenPath, (HttpContext http, IAntiforgery antiforgery) => TypedResults.Ok(new { token = antiforgery.GetAndStoreTokens(http).RequestToken })));

    private static object OpenBody(AccountRecord account) => new { identifier = account.Email, entryPoint = "ForgotPassword" };

    private static async Task<ApiResponse> OpenAsync(ApiHost host, CookieBrowser browser)
    {
        var opened = await browser.PostAsync($"{Prefix}/cases", OpenBody(host.AddAccount()));
        Assert.True(opened.Response.Status == HttpStatusCode.Created, opened.Response.ToString());
        Assert.True(browser.Cookies.ContainsKey(Cookie));
        return opened.Response;
    }

    private static string[] Attributes(string? setCookie)
    {
        Assert.NotNull(setCookie);
        return [.. setCookie.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(a => a.ToLowerInvariant())];
    }
}
