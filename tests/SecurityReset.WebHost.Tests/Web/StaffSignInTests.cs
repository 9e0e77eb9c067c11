using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SecurityReset.WebHost.Hosting;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Web;

public sealed class StaffSignInTests(StaffFactory factory) : IClassFixture<StaffFactory>
{
    [Fact]
    public async Task A_staff_member_signs_in_with_the_password_whose_hash_is_configured_and_no_other()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://reviews.example.test"), AllowAutoRedirect = false });

        var page = await browser.GetStringAsync("/review/sign-in", TestContext.Current.CancellationToken);
        Assert.Contains("type=\"password\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("support-anna", page, StringComparison.Ordinal);

        var wrong = await PostAsync(browser, page, StaffFactory.ReviewerId, "not the password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("not right", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(browser, page, "support-anna", StaffFactory.Password)).StatusCode); // a demo reviewer is nobody here

        var signedIn = await PostAsync(browser, page, StaffFactory.ReviewerId, StaffFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sr-reviewer=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/review");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var queue = await browser.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Carla", await queue.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_plain_http_is_redirected_to_https_and_https_answers_carry_hsts()
    {
        using var plain = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://reviews.example.test"), AllowAutoRedirect = false });
        using var secure = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://reviews.example.test"), AllowAutoRedirect = false });

        var redirected = await plain.GetAsync("/", TestContext.Current.CancellationToken);
        var answered = await secure.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://reviews.example.test/", redirected.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(answered.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_hash_is_pbkdf2_with_a_random_salt_and_matches_only_its_password()
    {
        var first = StaffPasswords.Hash("correct horse", iterations: 1000);
        var second = StaffPasswords.Hash("correct horse", iterations: 1000);

        Assert.StartsWith("pbkdf2-sha256$1000$", first, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.True(StaffPasswords.Verify(first, "correct horse"));
        Assert.False(StaffPasswords.Verify(first, "correct horsf"));
        Assert.False(StaffPasswords.Verify("correct horse", "correct horse"));
        Assert.False(StaffPasswords.Verify(first.Replace("$1000$", "$999$", StringComparison.Ordinal), "correct horse"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, string id, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PagesTests.Token(page),
            ["ReviewerId"] = id,
            ["Password"] = password,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/review/sign-in") { Content = form };
        return await browser.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

/// <summary>The host in Production with a one-member staff list and an HTTPS port, as behind a TLS-terminating proxy.</summary>
public sealed class StaffFactory() : WebHostFactory(null, "Production")
{
    public const string ReviewerId = "support-carla";
    public const string Password = "a long staff passphrase";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("https_port", "443");
        builder.UseSetting("WebHost:Staff:0:Id", ReviewerId);
        builder.UseSetting("WebHost:Staff:0:Name", "Carla (support team)");
        builder.UseSetting("WebHost:Staff:0:PasswordHash", StaffPasswords.Hash(Password, iterations: 10_000));
    }
}
