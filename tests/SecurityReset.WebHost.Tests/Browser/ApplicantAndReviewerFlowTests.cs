using System.Diagnostics;
using Microsoft.Playwright;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Browser;

/// <summary>
/// End to end in a real headless Chromium: an applicant who lost the authenticator goes through every step,
/// reading the codes from the development outbox panel (the case cookie is reissued after each verified factor, and
/// the one from before no longer holds the case); a reviewer signs in, claims the case and approves it; an Advanced
/// KYC applicant takes the face-scan shortcut. Screenshots go to <see cref="BrowserFixture.ScreenshotFolder"/>.
/// </summary>
public sealed class ApplicantAndReviewerFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private Uri Base => fixture.Base;

    [Fact]
    public async Task An_applicant_completes_a_case_and_a_reviewer_approves_it()
    {
        Chromium.RequireOrSkip();
        var watch = Stopwatch.StartNew();
        var jane = DemoAccounts.LostAuthenticator;
        var applicant = await NewPageAsync();

        // Logged out: the start page, the account's email, Forgot Password.
        await applicant.GotoAsync(Base.ToString());
        await ShotAsync(applicant, "01-start");
        await applicant.GetByLabel("Email or phone number").FillAsync(jane.Record.Email!);
        await applicant.GetByLabel("Forgot Password").CheckAsync();
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Next" }));
        Assert.EndsWith("/reset/items", applicant.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("case", new Uri(applicant.Url).Query, StringComparison.OrdinalIgnoreCase);
        var opened = await CaseCookieAsync(applicant);

        // Step 1: the lost authenticator.
        await applicant.GetByLabel("Authenticator app").CheckAsync();
        await ShotAsync(applicant, "02-select-items");
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Reset" }));

        // Step 2: email and SMS codes: the page says each is on its way, the outbox panel shows it once delivered.
        await VerifyCodeAsync(applicant, "verify-email", "Email code");
        await StaleCookieIsDroppedAsync(opened, await CaseCookieAsync(applicant));
        var before = await applicant.GetByTestId("outbox-code").CountAsync();
        await ClickAsync(applicant.GetByTestId("verify-phone").GetByRole(AriaRole.Button, new() { Name = "Get code" }));
        Assert.Contains("on its way", await applicant.GetByTestId("verify-phone").GetByTestId("code-on-its-way").InnerTextAsync(), StringComparison.Ordinal);
        var smsCode = await DeliveredCodeAsync(applicant, before);
        await ShotAsync(applicant, "03-verify-with-outbox");
        await applicant.GetByLabel("SMS code").FillAsync(smsCode);
        await ClickAsync(applicant.GetByTestId("verify-phone").GetByRole(AriaRole.Button, new() { Name = "Confirm" }));

        // Step 3: the questionnaire.
        await applicant.GetByLabel("Recent trades").FillAsync("BTC/USDT buy\nETH/USDT sell");
        await applicant.GetByLabel("Asset holdings").FillAsync("BTC\nUSDT");
        await applicant.GetByLabel("Frequently used deposit addresses").FillAsync(jane.Facts.DepositAddresses[0]);
        await applicant.GetByLabel("Anti-phishing code").FillAsync(jane.Facts.AntiPhishingCode!);
        await applicant.GetByLabel("Account nickname").FillAsync(jane.Facts.Nickname!);
        await ShotAsync(applicant, "04-questionnaire");
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Next" }));

        // Step 4: the proofs, one file per kind.
        await applicant.Locator("#SourceOfFunds").SetInputFilesAsync(Upload("salary-statement.pdf", "application/pdf", SampleFiles.Pdf("salary")));
        await applicant.Locator("#DestinationOfFunds").SetInputFilesAsync(Upload("bank-transfer.pdf", "application/pdf", SampleFiles.Pdf("transfer")));
        await applicant.Locator("#NotificationRecords").SetInputFilesAsync(Upload("deposit-notice.png", "image/png", SampleFiles.Png("notice")));
        await applicant.Locator("#FiatTransactionRecords").SetInputFilesAsync(Upload("card-purchases.pdf", "application/pdf", SampleFiles.Pdf("card")));
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Next" }));

        // Step 5: new contact and its code, ID document, video with its statement, terms.
        await applicant.GetByLabel("New email or phone").FillAsync("jane.doe.new@example.org");
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Use this contact" }));
        await VerifyCodeAsync(applicant, "new-contact", "New contact code");
        await applicant.GetByLabel("Type").SelectOptionAsync("Passport");
        await applicant.GetByLabel("Issuing country").FillAsync("GB");
        await applicant.GetByLabel("Document number").FillAsync("P30000001");
        await applicant.GetByLabel("Front of the document").SetInputFilesAsync(Upload("passport-front.png", "image/png", SampleFiles.Png("passport")));
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Upload document" }));
        var uid = await applicant.GetByTestId("outbox-uid").InnerTextAsync();
        await applicant.GetByLabel("UID").FillAsync(uid);
        await applicant.GetByLabel("Email", new() { Exact = true }).FillAsync(jane.Record.Email!);
        await applicant.GetByLabel("Phone", new() { Exact = true }).FillAsync(jane.Record.Phone!);
        await applicant.GetByLabel("Reason for the reset").FillAsync("My phone with the authenticator app was stolen.");
        await applicant.GetByLabel("Video (MP4, WebM or MOV)").SetInputFilesAsync(Upload("statement.mp4", "video/mp4", SampleFiles.Mp4("statement")));
        await ClickAsync(applicant.GetByRole(AriaRole.Button, new() { Name = "Upload video" }));
        await applicant.GetByLabel("I have read and understood the terms.").CheckAsync();
        await ClickAsync(applicant.GetByTestId("terms").GetByRole(AriaRole.Button, new() { Name = "Confirm" }));
        await ShotAsync(applicant, "05-identity");
        await ClickAsync(applicant.GetByTestId("submit"));
        Assert.Equal("Submitted", await applicant.GetByTestId("state").InnerTextAsync());
        await ShotAsync(applicant, "06-submitted");

        // The reviewer: sign in, the queue, the case, claim, approve.
        var reviewer = await NewPageAsync();
        await reviewer.GotoAsync(new Uri(Base, "/review").ToString());
        Assert.Contains("/review/sign-in", reviewer.Url, StringComparison.Ordinal);
        await reviewer.GetByLabel("Anna (support team)").CheckAsync();
        await ClickAsync(reviewer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }));
        var row = reviewer.GetByTestId("queue-row").Filter(new() { HasText = jane.Id });
        Assert.Equal(1, await row.CountAsync());
        await ShotAsync(reviewer, "07-review-queue");
        await ClickAsync(row.GetByTestId("open-case"));
        await ClickAsync(reviewer.GetByTestId("claim"));
        Assert.Equal("UnderReview", await reviewer.GetByTestId("state").InnerTextAsync());
        Assert.Equal("5 / 6", await reviewer.GetByTestId("score").InnerTextAsync());
        await ShotAsync(reviewer, "08-review-case");
        await ClickAsync(reviewer.GetByTestId("approve"));

        // The approval answers once committed; the background delivery loop applies the reset and completes the case.
        Assert.Contains(await reviewer.GetByTestId("state").InnerTextAsync(), new[] { "Approved", "Completed" });
        await ReloadUntilAsync(reviewer, async () => await reviewer.GetByTestId("state").InnerTextAsync() == "Completed", "the case to complete");

        // The applicant sees the reset; the directory applied it.
        await applicant.ReloadAsync();
        Assert.Equal("Completed", await applicant.GetByTestId("state").InnerTextAsync());
        await ShotAsync(applicant, "09-completed");
        var after = fixture.Factory.Directory.Find(jane.Id)!;
        Assert.False(after.AuthenticatorBound);
        Assert.Equal("jane.doe.new@example.org", after.Email);

        TestContext.Current.TestOutputHelper?.WriteLine($"browser flow: {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task An_advanced_kyc_applicant_takes_the_face_scan_shortcut()
    {
        Chromium.RequireOrSkip();
        var mei = DemoAccounts.AdvancedKyc;
        var page = await NewPageAsync();

        await page.GotoAsync(Base.ToString());
        await page.GetByLabel("Email or phone number").FillAsync(mei.Record.Phone!);
        await ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Next" }));
        await page.GetByLabel("SMS verification").CheckAsync();
        await ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Reset" }));
        await ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Start face scan" }));
        await ShotAsync(page, "10-face-scan-vendor");
        await ClickAsync(page.GetByTestId("scan-match"));
        Assert.EndsWith("/reset/submit", page.Url, StringComparison.Ordinal);
        await ClickAsync(page.GetByTestId("submit"));

        Assert.Equal("Submitted", await page.GetByTestId("state").InnerTextAsync());
    }

    /// <summary>
    /// The verified email reissued the case cookie: a browser that still shows the one from before is sent back to the
    /// start, which says it can no longer continue there.
    /// </summary>
    private async Task StaleCookieIsDroppedAsync(Cookie opened, Cookie now)
    {
        Assert.NotEqual(opened.Value, now.Value);
        Assert.True(now.HttpOnly);
        var stale = await NewPageAsync();
        await stale.Context.AddCookiesAsync([opened]);
        await stale.GotoAsync(new Uri(Base, "/reset/verify").ToString());
        Assert.Equal(Base.AbsolutePath, new Uri(stale.Url).AbsolutePath);
        Assert.Contains("case.credential_invalid", await ErrorAsync(stale), StringComparison.Ordinal);
        Assert.DoesNotContain(await stale.Context.CookiesAsync(), c => c.Name == "sr-case");
        await ShotAsync(stale, "03a-stale-cookie");
        await stale.Context.CloseAsync();
    }

    private static async Task<Cookie> CaseCookieAsync(IPage page)
    {
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "sr-case");
        return new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, HttpOnly = cookie.HttpOnly, SameSite = cookie.SameSite, Secure = cookie.Secure };
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1180, Height = 760 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000); // a shared, busy CI machine; a passing run waits far less
        return page;
    }

    /// <summary>Clicks and waits for the page the form post redirects to.</summary>
    private static async Task ClickAsync(ILocator target)
    {
        // A form post often redirects back to the same URL, so no URL can be awaited: the navigation itself is.
#pragma warning disable CS0612
        await target.Page.RunAndWaitForNavigationAsync(() => target.ClickAsync(), new PageRunAndWaitForNavigationOptions { WaitUntil = WaitUntilState.Load });
#pragma warning restore CS0612
        Assert.Null(await ErrorAsync(target.Page));
    }

    private static async Task VerifyCodeAsync(IPage page, string fieldset, string label)
    {
        var before = await page.GetByTestId("outbox-code").CountAsync();
        await ClickAsync(page.GetByTestId(fieldset).GetByRole(AriaRole.Button, new() { Name = "Get code" }));
        Assert.Equal(1, await page.GetByTestId(fieldset).GetByTestId("code-on-its-way").CountAsync());
        await page.GetByLabel(label).FillAsync(await DeliveredCodeAsync(page, before));
        await ClickAsync(page.GetByTestId(fieldset).GetByRole(AriaRole.Button, new() { Name = "Confirm" }));
    }

    /// <summary>
    /// The newest code in the development outbox panel once the background delivery loop has brought it: the page
    /// has no script, so, as a person would, the test reloads it until the panel lists more than <paramref name="before"/> codes.
    /// </summary>
    private static async Task<string> DeliveredCodeAsync(IPage page, int before)
    {
        var codes = page.GetByTestId("outbox-code");
        await ReloadUntilAsync(page, async () => await codes.CountAsync() > before, "a code in the outbox panel");
        return await codes.First.InnerTextAsync();
    }

    /// <summary>Reloads the page until <paramref name="condition"/> holds, for at most <see cref="Eventually.Patience"/>.</summary>
    private static async Task ReloadUntilAsync(IPage page, Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Eventually.Patience, $"waited {Eventually.Patience.TotalSeconds:0} s for {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }
    }

    private static async Task<string?> ErrorAsync(IPage page)
    {
        var error = page.GetByTestId("error");
        return await error.CountAsync() > 0 ? await error.First.InnerTextAsync() : null;
    }

    private static FilePayload Upload(string name, string mimeType, byte[] bytes) => new() { Name = name, MimeType = mimeType, Buffer = bytes };

    private static Task<byte[]> ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
