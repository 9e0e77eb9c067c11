using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// Expires unfinished cases past their lifetime and submitted cases past their review deadline
/// (<c>ExpireCasesAsync</c>) every <see cref="SecurityResetApiOptions.ExpiryInterval"/>.
/// </summary>
internal sealed partial class CaseExpiryJob(
    SecurityResetService service,
    IOptions<SecurityResetApiOptions> options,
    TimeProvider time,
    BackgroundJobsHealth health,
    ILogger<CaseExpiryJob> logger)
    : RecurringJob(BackgroundJobsHealth.Expiry, time, health, logger)
{
    protected override TimeSpan Interval => options.Value.ExpiryInterval;

    protected override async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        if (await service.ExpireCasesAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is > 0 and var expired)
        {
            CasesExpired(Logger, expired);
        }

        return Interval;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} SecurityReset case(s) past their lifetime or review deadline expired")]
    private static partial void CasesExpired(ILogger logger, int count);
}
