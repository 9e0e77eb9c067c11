using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// The library's jobs in one background service: it delivers the outbox pass after pass and expires unfinished cases
/// on an interval. A failing pass is logged by its exception type only (never a message, which might carry an
/// address) and the loop goes on; it stops with the host. Every pass's outcome goes to <see cref="BackgroundJobsHealth"/>,
/// which the health check reads.
/// </summary>
internal sealed partial class BackgroundJobs(
    SecurityResetService service,
    IOptions<SecurityResetApiOptions> options,
    TimeProvider time,
    BackgroundJobsHealth health,
    ILogger<BackgroundJobs> logger)
    : BackgroundService
{
    public const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.Started(time.GetUtcNow());
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            health.Stopped();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextExpiry = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            int settled;
            try
            {
                settled = await service.DispatchAsync(BatchSize, stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= nextExpiry)
                {
                    nextExpiry = time.GetUtcNow() + settings.ExpiryInterval;
                    if (await service.ExpireCasesAsync(cancellationToken: stoppingToken).ConfigureAwait(false) is > 0 and var expired)
                    {
                        CasesExpired(logger, expired);
                    }
                }

                health.Succeeded(time.GetUtcNow());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop outlives a failing pass (the store briefly unreachable, say); the next pass tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PassFailed(logger, ex.GetType().Name);
                health.Failed(ex.GetType().Name);
                settled = 0;
            }

            if (settled == 0)
            {
                try
                {
                    await Task.Delay(settings.DeliveryIdleDelay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SecurityReset delivery pass failed with {ExceptionType}; the next pass tries again")]
    private static partial void PassFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unfinished SecurityReset case(s) past their lifetime expired")]
    private static partial void CasesExpired(ILogger logger, int count);
}
