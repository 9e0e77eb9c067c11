using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// Purges the personal data of ended cases past their retention (<c>PurgeAsync</c>) every
/// <see cref="SecurityResetApiOptions.PurgeInterval"/>, batch after batch while more are due; a registered evidence store
/// loses the purged cases' files with them.
/// </summary>
internal sealed partial class PurgeJob(
    SecurityResetService service,
    IOptions<SecurityResetApiOptions> options,
    TimeProvider time,
    BackgroundJobsHealth health,
    ILogger<PurgeJob> logger)
    : RecurringJob(BackgroundJobsHealth.Purge, time, health, logger)
{
    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        var result = await service.PurgeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.Purged > 0)
        {
            CasesPurged(Logger, result.Purged);
        }

        // More due than one batch took: the next batch follows at once rather than an interval later.
        return result.MoreDue && result.Purged > 0 ? TimeSpan.Zero : Interval;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} SecurityReset case(s) past their retention purged")]
    private static partial void CasesPurged(ILogger logger, int count);
}
