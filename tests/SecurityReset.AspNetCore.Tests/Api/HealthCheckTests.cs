using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.AspNetCore.Hosting;
using SecurityReset.AspNetCore.Tests.TestSupport;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Tests.Api;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task The_check_is_healthy_once_the_background_jobs_complete_a_pass()
    {
        await using var host = await ApiHost.StartAsync(hostServices: services =>
        {
            services.AddSecurityResetBackgroundJobs();
            services.AddHealthChecks().AddSecurityReset();
        });

        var entry = await WaitForAsync(host.Services, e => e.Data["lastSuccessAt"] is not "never");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(host.Time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture), entry.Data["lastSuccessAt"]);
    }

    [Fact]
    public async Task A_pass_that_throws_makes_the_check_unhealthy_naming_the_exception_type_only()
    {
        await using var host = await ApiHost.StartAsync(hostServices: services =>
        {
            services.AddSingleton<IResetCaseStore>(sp => FailingStore.Wrap(ActivatorUtilities.CreateInstance<InMemoryResetCaseStore>(sp)));
            services.AddSecurityResetBackgroundJobs();
            services.AddHealthChecks().AddSecurityReset();
        });

        var entry = await WaitForAsync(host.Services, e => e.Status != HealthStatus.Healthy);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(nameof(InvalidOperationException), entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingStore.SecretInMessage, entry.Description, StringComparison.Ordinal);
        Assert.Equal(nameof(InvalidOperationException), entry.Data["lastFailureType"]);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public async Task A_last_successful_pass_older_than_the_threshold_reports_the_failure_status()
    {
        var (provider, time) = Standalone(o => o.MaxPassAge = TimeSpan.FromMinutes(1), HealthStatus.Degraded);
        await using var _ = provider;
        var jobs = provider.GetRequiredService<BackgroundJobsHealth>();
        StartAll(jobs, time);
        SucceedAll(jobs, time);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);

        time.Advance(TimeSpan.FromSeconds(2));
        var stale = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Degraded, stale.Status);
        Assert.Contains("61 seconds", stale.Description, StringComparison.Ordinal);

        SucceedAll(jobs, time);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);
    }

    [Fact]
    public async Task A_failed_pass_is_unhealthy_until_a_later_pass_succeeds()
    {
        var (provider, time) = Standalone(null, null);
        await using var _ = provider;
        var jobs = provider.GetRequiredService<BackgroundJobsHealth>();
        StartAll(jobs, time);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status); // the first passes are under way
        jobs.Failed(BackgroundJobsHealth.Resets, nameof(TimeoutException));
        var failed = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Equal("resets", failed.Data["failingJob"]);
        Assert.Contains("resets pass failed with TimeoutException", failed.Description, StringComparison.Ordinal);
        jobs.Succeeded(BackgroundJobsHealth.Resets, time.GetUtcNow());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);
    }

    [Fact]
    public async Task Without_running_background_jobs_the_check_is_unhealthy()
    {
        var (provider, _) = Standalone(null, null);
        await using var __ = provider;

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("not running", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_job_not_running_makes_the_check_unhealthy_naming_it()
    {
        var (provider, time) = Standalone(null, null);
        await using var _ = provider;
        var jobs = provider.GetRequiredService<BackgroundJobsHealth>();
        StartAll(jobs, time);
        jobs.Stopped(BackgroundJobsHealth.Expiry);

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("'expiry' is not running", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_on_a_long_interval_is_not_stale_until_its_interval_plus_the_threshold_has_passed()
    {
        var (provider, time) = Standalone(o => o.MaxPassAge = TimeSpan.FromMinutes(1), null);
        await using var _ = provider;
        var jobs = provider.GetRequiredService<BackgroundJobsHealth>();
        StartAll(jobs, time);
        jobs.Started(BackgroundJobsHealth.Expiry, time.GetUtcNow(), TimeSpan.FromMinutes(10));
        jobs.Started(BackgroundJobsHealth.Purge, time.GetUtcNow(), TimeSpan.FromHours(1));
        SucceedAll(jobs, time);

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            jobs.Succeeded(BackgroundJobsHealth.Outbox, time.GetUtcNow());
            jobs.Succeeded(BackgroundJobsHealth.Resets, time.GetUtcNow());
        }

        time.Advance(TimeSpan.FromSeconds(59));
        jobs.Succeeded(BackgroundJobsHealth.Outbox, time.GetUtcNow());
        jobs.Succeeded(BackgroundJobsHealth.Resets, time.GetUtcNow());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);
        time.Advance(TimeSpan.FromSeconds(2));
        jobs.Succeeded(BackgroundJobsHealth.Outbox, time.GetUtcNow());
        jobs.Succeeded(BackgroundJobsHealth.Resets, time.GetUtcNow());
        var stale = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Unhealthy, stale.Status);
        Assert.Contains("expiry pass", stale.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outbox_claimed_without_settling_for_longer_than_the_stall_limit_is_reported_stuck()
    {
        var (provider, time) = Standalone(o => o.MaxOutboxStall = TimeSpan.FromMinutes(10), null);
        await using var _ = provider;
        var jobs = provider.GetRequiredService<BackgroundJobsHealth>();
        StartAll(jobs, time);
        jobs.Dispatched(new DispatchOutcome(3, 0), time.GetUtcNow());

        for (var i = 0; i < 10; i++)
        {
            // Passes go on succeeding (the store answers); the messages wait out their backoff between tries.
            time.Advance(TimeSpan.FromMinutes(1));
            SucceedAll(jobs, time);
            jobs.Dispatched(new DispatchOutcome(i % 2, 0), time.GetUtcNow());
        }

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);
        time.Advance(TimeSpan.FromSeconds(1));
        SucceedAll(jobs, time);
        var stuck = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
        Assert.Contains("outbox is stuck", stuck.Description, StringComparison.Ordinal);

        jobs.Dispatched(new DispatchOutcome(3, 1), time.GetUtcNow());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);
    }

    private static void StartAll(BackgroundJobsHealth jobs, FakeTimeProvider time)
    {
        foreach (var job in BackgroundJobsHealth.Jobs)
        {
            jobs.Started(job, time.GetUtcNow(), TimeSpan.Zero);
        }
    }

    private static void SucceedAll(BackgroundJobsHealth jobs, FakeTimeProvider time)
    {
        foreach (var job in BackgroundJobsHealth.Jobs)
        {
            jobs.Succeeded(job, time.GetUtcNow());
        }
    }

    /// <summary>The check alone, on a fake clock, with the jobs' state driven by the test.</summary>
    private static (ServiceProvider Provider, FakeTimeProvider Time) Standalone(Action<SecurityResetHealthCheckOptions>? configure, HealthStatus? failureStatus)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddHealthChecks().AddSecurityReset(configure, failureStatus: failureStatus);
        return (services.BuildServiceProvider(), time);
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider services)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        return report.Entries[SecurityResetHealthChecksBuilderExtensions.DefaultName];
    }

    /// <summary>Checks until <paramref name="done"/> holds: the background jobs run on their own thread.</summary>
    private static async Task<HealthReportEntry> WaitForAsync(IServiceProvider services, Func<HealthReportEntry, bool> done)
    {
        var entry = await CheckAsync(services);
        for (var i = 0; i < 1200 && !done(entry); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken);
            entry = await CheckAsync(services);
        }

        return entry;
    }
}
