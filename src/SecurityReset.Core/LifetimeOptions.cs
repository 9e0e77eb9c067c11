
namespace SecurityReset;

/// <summary>
/// How long things last: an unfinished case, a submitted case's wait for review, a reviewer's claim, the window for
/// a "this wasn't me" before a reset applies, the protection after a reset, idempotency keys, and the personal data of
/// an ended case before <see cref="SecurityResetService.PurgeAsync"/> redacts it (its due time is fixed when the case
/// ends, from the values in force then): <see cref="SecurityResetOptions.Lifetimes"/>. Not thread-safe while being
/// configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class LifetimeOptions
{
    /// <summary>How long after opening an unfinished case expires.</summary>
    /// <value>The default value is 72 hours. Between 1 hour and 30 days.</value>
    public TimeSpan Case { get; set; } = OptionCatalog.CaseLifetime.Default;

    /// <summary>How long after its (re)submission a case waits for a decision before it expires and the account's channels are told.</summary>
    /// <value>The default value is 14 days. Between 24 hours and 90 days.</value>
    public TimeSpan ReviewDeadline { get; set; } = OptionCatalog.ReviewDeadline.Default;

    /// <summary>How long a reviewer's claim holds: once it lapses, any reviewer may claim the case and the lapsed one can no longer decide it.</summary>
    /// <value>The default value is 4 hours. Between 5 minutes and 24 hours.</value>
    public TimeSpan ReviewClaim { get; set; } = OptionCatalog.ReviewClaim.Default;

    /// <summary>How long after the approval the reset waits before it applies: a "this wasn't me" from a channel bound before the case holds it and sends the case back to review.</summary>
    /// <value>The default value is 0 (24 hours with the strict profile). Between 0 and 7 days.</value>
    public TimeSpan DisputeWindow { get; set; } = OptionCatalog.DisputeWindow.Default;

    /// <summary>How long withdrawals stay blocked after a reset; the host enforces it.</summary>
    /// <value>The default value is 24 hours. Between 0 and 30 days.</value>
    public TimeSpan WithdrawalProtection { get; set; } = OptionCatalog.WithdrawalProtection.Default;

    /// <summary>How long the service remembers an idempotency key and its answer.</summary>
    /// <value>The default value is 24 hours. Between 1 minute and 30 days.</value>
    public TimeSpan IdempotencyKey { get; set; } = OptionCatalog.IdempotencyKeyLifetime.Default;

    /// <summary>How long after a reviewer's decision ended a case (completed after approval, or rejected) its personal data is kept.</summary>
    /// <value>The default value is 90 days. Between 24 hours and 3650 days.</value>
    public TimeSpan PersonalDataAfterDecision { get; set; } = OptionCatalog.PersonalDataAfterDecision.Default;

    /// <summary>How long after a case ended without a decision (cancelled, expired or superseded) its personal data is kept.</summary>
    /// <value>The default value is 30 days. Between 24 hours and 3650 days.</value>
    public TimeSpan PersonalDataAfterEnd { get; set; } = OptionCatalog.PersonalDataAfterEnd.Default;
}
