using Microsoft.Extensions.Options;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// The host's jobs for the library, in one background service: it delivers the outbox (<c>DispatchAsync</c>: the
/// codes, notifications and resets that commands committed) pass after pass, waiting
/// <see cref="WebHostOptions.DeliveryIdleDelay"/> when a pass settled nothing, and expires unfinished cases
/// (<c>ExpireCasesAsync</c>) every <see cref="WebHostOptions.ExpiryInterval"/>. Pages and the API never wait for it:
/// a command answers once committed, and the case says which codes are on their way. A failing pass is logged by
/// its exception type only (never a message, which might carry an address) and the loop goes on; it stops with
/// the host.
/// </summary>
internal sealed partial class DeliveryLoop(SecurityResetService service, IOptions<WebHostOptions> options, TimeProvider time, ILogger<DeliveryLoop> logger)
    : BackgroundService
{
    /// <summary>How many outbox messages one pass claims.</summary>
    public const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextExpiry = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var settled = 0;
            try
            {
                settled = await service.DispatchAsync(BatchSize, stoppingToken);
                if (time.GetUtcNow() >= nextExpiry)
                {
                    nextExpiry = time.GetUtcNow() + settings.ExpiryInterval;
                    if (await service.ExpireCasesAsync(cancellationToken: stoppingToken) is > 0 and var expired)
                    {
                        CasesExpired(logger, expired);
                    }
                }
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
                settled = 0;
            }

            if (settled == 0)
            {
                try
                {
                    await Task.Delay(settings.DeliveryIdleDelay, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery pass failed with {ExceptionType}; the next pass tries again")]
    private static partial void PassFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unfinished case(s) past their lifetime expired")]
    private static partial void CasesExpired(ILogger logger, int count);
}
