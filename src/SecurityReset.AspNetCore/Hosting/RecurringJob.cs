using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// One of the library's jobs as a hosted service: a pass, then a wait on the host's clock, until the host stops. A
/// failing pass is logged by its exception type only (never a message, which might carry an address) and the job goes
/// on. Stopping is graceful: no pass starts once the host stops, and the pass under way finishes unless the host's
/// shutdown timeout runs out first. Every outcome goes to <see cref="BackgroundJobsHealth"/>.
/// </summary>
internal abstract partial class RecurringJob(string name, TimeProvider time, BackgroundJobsHealth health, ILogger logger) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();

    /// <summary>The job's name in the health check.</summary>
    public string Name => name;

    /// <summary>The longest wait between passes (the health check allows this much more age).</summary>
    protected abstract TimeSpan Interval { get; }

    protected TimeProvider Time => time;

    protected BackgroundJobsHealth Health => health;

    protected ILogger Logger => logger;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout aborts the pass under way; until then it may finish.
        using var abort = cancellationToken.Register(_abort.Cancel);
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The base may return from inside the token's callbacks, before this registration's callback has run.
            if (cancellationToken.IsCancellationRequested)
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs one pass.</summary>
    /// <param name="cancellationToken">Aborts the pass (the host's shutdown timeout ran out).</param>
    /// <returns>How long to wait before the next pass.</returns>
    protected abstract Task<TimeSpan> PassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.Started(name, time.GetUtcNow(), Interval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wait = await PassAsync(_abort.Token).ConfigureAwait(false);
                    health.Succeeded(name, time.GetUtcNow());
                }
                catch (OperationCanceledException) when (_abort.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The job outlives a failing pass (the store briefly unreachable, say); the next pass tries again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    PassFailed(logger, name, ex.GetType().Name);
                    health.Failed(name, ex.GetType().Name);
                    wait = Interval;
                }

                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            health.Stopped(name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SecurityReset {Job} pass failed with {ExceptionType}; the next pass tries again")]
    private static partial void PassFailed(ILogger logger, string job, string exceptionType);
}
