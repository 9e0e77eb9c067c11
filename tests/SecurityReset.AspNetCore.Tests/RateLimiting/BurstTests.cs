using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.RateLimiting;

public sealed class BurstTests
{
    [Fact]
    public async Task A_burst_of_500_opens_for_one_identifier_on_kestrel_lets_only_the_permit_count_through_and_refuses_the_rest_with_429()
    {
        await using var host = await ApiHost.StartAsync(_ => { }, kestrel: true);
        var account = host.AddAccount();
        var permits = new SecurityResetApiOptions().OpenPerIdentifier.PermitLimit;
        var answers = new ConcurrentBag<ApiResponse>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = TestContext.Current.CancellationToken },
            async (_, _) => answers.Add(await host.PostAsync("/security-reset/cases", new { identifier = account.Email, entryPoint = "ForgotPassword" })));
        clock.Stop();

        Assert.Equal(500, answers.Count);
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500);
        Assert.Equal(permits, answers.Count(a => a.Status == HttpStatusCode.Created));
        var refused = answers.Where(a => a.Status != HttpStatusCode.Created).ToList();
        Assert.Equal(500 - permits, refused.Count);
        Assert.All(refused, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.Equal("request.rate_limited", a.Code);
            Assert.True(long.TryParse(a.Headers["Retry-After"], out var wait) && wait > 0, a.ToString());
        });
        TestContext.Current.SendDiagnosticMessage($"500 opens in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the burst took {clock.Elapsed}");
    }
}
