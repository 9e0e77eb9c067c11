using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.AspNetCore.Hosting;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Api;

public sealed class BackgroundJobsTests
{
    [Fact]
    public async Task The_background_job_delivers_a_requested_code_without_the_host_calling_the_dispatcher()
    {
        await using var host = await ApiHost.StartAsync(
            o => o.DeliveryIdleDelay = TimeSpan.FromSeconds(1),
            services => services.AddSecurityResetBackgroundJobs());
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        Journey.Ok(await journey.PostAsync("codes", new { target = "BoundEmail" }));
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));

        // The job waits on the host's clock between idle passes: move it on until the code is out.
        for (var i = 0; i < 400 && host.Messenger.LastCode(id, ContactKind.Email) is null; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken);
        }

        Assert.NotNull(host.Messenger.LastCode(id, ContactKind.Email));
    }

    [Fact]
    public async Task Each_job_passes_on_its_own_interval_of_the_host_s_clock()
    {
        await using var host = await ApiHost.StartAsync(
            o =>
            {
                o.DeliveryIdleDelay = TimeSpan.FromSeconds(1);
                o.ApplyResetsInterval = TimeSpan.FromMinutes(1);
                o.ExpiryInterval = TimeSpan.FromMinutes(10);
                o.PurgeInterval = TimeSpan.FromMinutes(30);
            },
            services => services.AddSecurityResetBackgroundJobs());
        var jobs = host.Services.GetRequiredService<BackgroundJobsHealth>();
        Assert.Equal(4, host.Services.GetServices<IHostedService>().OfType<RecurringJob>().Count());
        var start = host.Time.GetUtcNow();
        await EventuallyAsync(() => BackgroundJobsHealth.Jobs.All(j => jobs[j].LastSuccessAt == start));

        // One minute on: the reset job (and the dispatcher) pass again, the expiry job waits for its ten minutes.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await EventuallyAsync(() => jobs[BackgroundJobsHealth.Resets].LastSuccessAt == start.AddMinutes(1) && jobs[BackgroundJobsHealth.Outbox].LastSuccessAt == start.AddMinutes(1));
        Assert.Equal(start, jobs[BackgroundJobsHealth.Expiry].LastSuccessAt);

        host.Time.Advance(TimeSpan.FromMinutes(9));
        await EventuallyAsync(() => jobs[BackgroundJobsHealth.Expiry].LastSuccessAt == start.AddMinutes(10));
        Assert.Equal(start, jobs[BackgroundJobsHealth.Purge].LastSuccessAt);

        host.Time.Advance(TimeSpan.FromMinutes(20));
        await EventuallyAsync(() => jobs[BackgroundJobsHealth.Purge].LastSuccessAt == start.AddMinutes(30));
    }

    [Fact]
    public async Task Stopping_lets_the_pass_under_way_finish_and_starts_no_other()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var health = new BackgroundJobsHealth();
        using var job = new GatedJob(time, health);
        await job.StartAsync(TestContext.Current.CancellationToken);
        await job.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var stopping = job.StopAsync(TestContext.Current.CancellationToken);
        Assert.False(stopping.IsCompleted);
        job.Release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, job.Passes);
        Assert.False(job.Aborted);
        Assert.Null(health["gated"].StartedAt);
        Assert.Equal(time.GetUtcNow(), health["gated"].LastSuccessAt);
    }

    [Fact]
    public async Task The_host_s_shutdown_timeout_aborts_a_pass_that_does_not_finish()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var health = new BackgroundJobsHealth();
        using var job = new GatedJob(time, health);
        await job.StartAsync(TestContext.Current.CancellationToken);
        await job.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await job.StopAsync(timeout.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        Assert.True(job.Aborted);
        Assert.Null(health["gated"].LastSuccessAt);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    /// <summary>A job whose first pass waits for the test to release it.</summary>
    private sealed class GatedJob(FakeTimeProvider time, BackgroundJobsHealth health) : RecurringJob("gated", time, health, NullLogger.Instance)
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Passes { get; private set; }

        public bool Aborted { get; private set; }

        protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

        protected override async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
        {
            Passes++;
            Entered.TrySetResult();
            try
            {
                await Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Aborted = true;
                throw;
            }

            return TimeSpan.Zero; // would pass again at once, were the job not stopping
        }
    }
}
