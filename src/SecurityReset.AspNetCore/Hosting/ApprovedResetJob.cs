using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// Applies the resets of approved cases whose dispute window has passed (<c>ApplyApprovedResetsAsync</c>) every
/// <see cref="SecurityResetApiOptions.ApplyResetsInterval"/>: the outbox normally applies them, this catches one whose
/// message was given up.
/// </summary>
internal sealed partial class ApprovedResetJob(
    SecurityResetService service,
    IOptions<SecurityResetApiOptions> options,
    TimeProvider time,
    BackgroundJobsHealth health,
    ILogger<ApprovedResetJob> logger)
    : RecurringJob(BackgroundJobsHealth.Resets, time, health, logger)
{
    protected override TimeSpan Interval => options.Value.ApplyResetsInterval;

    protected override async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        if (await service.ApplyApprovedResetsAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is > 0 and var applied)
        {
            ResetsApplied(Logger, applied);
        }

        return Interval;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} approved SecurityReset reset(s) applied after their window")]
    private static partial void ResetsApplied(ILogger logger, int count);
}
