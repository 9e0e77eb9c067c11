using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// Delivers the outbox: pass after pass while passes settle messages, waiting
/// <see cref="SecurityResetApiOptions.DeliveryIdleDelay"/> when one settled nothing. A pass that claims messages and
/// settles none marks the outbox stalled for the health check.
/// </summary>
internal sealed class OutboxDispatchJob(
    SecurityResetService service,
    IOptions<SecurityResetApiOptions> options,
    TimeProvider time,
    BackgroundJobsHealth health,
    ILogger<OutboxDispatchJob> logger)
    : RecurringJob(BackgroundJobsHealth.Outbox, time, health, logger)
{
    public const int BatchSize = 50;

    protected override TimeSpan Interval => options.Value.DeliveryIdleDelay;

    protected override async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        var outcome = await service.DispatchBatchAsync(BatchSize, cancellationToken).ConfigureAwait(false);
        Health.Dispatched(outcome, Time.GetUtcNow());
        return outcome.Settled > 0 ? TimeSpan.Zero : Interval;
    }
}
