using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.AspNetCore.Tests.Api;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.RateLimiting;

public sealed class RateLimitTests
{
    private const string Cases = $"{Journey.Prefix}/cases";

    [Fact]
    public async Task The_sixth_open_for_one_identifier_within_the_hour_is_a_429_rate_limited_problem_with_Retry_After()
    {
        await using var host = await ApiHost.StartAsync();
        var account = host.AddAccount();
        var defaults = new SecurityResetApiOptions().OpenPerIdentifier;
        Assert.Equal(5, defaults.PermitLimit);

        for (var i = 0; i < defaults.PermitLimit; i++)
        {
            // Letter case and spaces do not make a new partition.
            var identifier = i % 2 == 0 ? account.Email : "  " + account.Email!.ToUpperInvariant();
            var opened = await host.PostAsync(Cases, new { identifier, entryPoint = "ForgotPassword" });
            Assert.True(opened.Status == HttpStatusCode.Created, $"open {i + 1}: {opened}");
        }

        var refused = await host.PostAsync(Cases, new { identifier = account.Email, entryPoint = "ForgotPassword" });

        ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "request.rate_limited", "RetryLater");
        var wait = long.Parse(refused.Headers["Retry-After"], CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 3600);

        // Another identifier from the same client is not held back by this one.
        var other = host.AddAccount();
        Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(Cases, new { identifier = other.Email, entryPoint = "ForgotPassword" })).Status);
    }

    [Fact]
    public async Task Opens_past_the_per_client_limit_are_refused_by_the_rate_limiter_policy_with_a_problem()
    {
        await using var host = await ApiHost.StartAsync(o => o.OpenPerClient = new SecurityResetRateLimit(3, TimeSpan.FromHours(1)));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(Cases, new { identifier = $"nobody{i}@example.test", entryPoint = "ForgotPassword" })).Status);
        }

        var refused = await host.PostAsync(Cases, new { identifier = "nobody9@example.test", entryPoint = "ForgotPassword" });

        ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "request.rate_limited", "RetryLater");
        Assert.True(refused.Headers.ContainsKey("Retry-After"), refused.ToString());
    }

    [Fact]
    public async Task Code_checks_past_the_per_case_limit_are_refused_while_another_case_goes_on()
    {
        await using var host = await ApiHost.StartAsync(o => o.CheckCodePerCase = new SecurityResetRateLimit(2, TimeSpan.FromMinutes(15)));
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        var code = await journey.RequestCodeAsync("BoundEmail", ContactKind.Email);
        var wrong = code == "000000" ? "111111" : "000000";

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await journey.PostAsync("codes/verify", new { target = "BoundEmail", code = wrong })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await journey.PostAsync("authenticator", new { code = wrong })).Status);
        var refused = await journey.PostAsync("codes/verify", new { target = "BoundEmail", code });

        ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "request.rate_limited", "RetryLater");

        var other = new Journey(host, host.AddAccount());
        await other.OpenAsync();
        Journey.Ok(await other.PostAsync("items", new { items = new[] { "Authenticator" } }));
        await other.VerifyAsync("BoundEmail", ContactKind.Email);
    }

    [Fact]
    public async Task Code_requests_past_the_per_destination_limit_are_refused_before_the_library_is_asked()
    {
        await using var host = await ApiHost.StartAsync(o => o.RequestCodePerDestination = new SecurityResetRateLimit(1, TimeSpan.FromHours(1)));
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        Journey.Ok(await journey.PostAsync("codes", new { target = "BoundEmail" }));

        var refused = await journey.PostAsync("codes", new { target = "BoundEmail" });

        ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "request.rate_limited", "RetryLater");
        Journey.Ok(await journey.PostAsync("codes", new { target = "BoundPhone" }));
    }

    [Fact]
    public async Task A_host_replaces_a_policy_by_naming_its_own()
    {
        await using var host = await ApiHost.StartAsync(
            o => o.OpenCasePolicy = "host-open",
            services => services.Configure<RateLimiterOptions>(limiter =>
            {
                limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
                limiter.AddFixedWindowLimiter("host-open", window =>
                {
                    window.PermitLimit = 1;
                    window.Window = TimeSpan.FromHours(1);
                });
            }));

        Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(Cases, new { identifier = "a@example.test", entryPoint = "ForgotPassword" })).Status);
        var refused = await host.PostAsync(Cases, new { identifier = "b@example.test", entryPoint = "ForgotPassword" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
    }
}
