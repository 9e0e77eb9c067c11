
namespace SecurityReset;

/// <summary>
/// How long the personal data of an ended case is kept before <see cref="SecurityResetService.PurgeAsync"/> redacts it:
/// <see cref="SecurityResetOptions.Retention"/>. The due time is fixed when the case ends, from the values in force then.
/// Not thread-safe while being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>How long after a reviewer's decision ended a case (completed after approval, or rejected) its personal data is kept.</summary>
    /// <value>The default value is 90 days. Between 24 hours and 3650 days.</value>
    public TimeSpan AfterDecision { get; set; } = OptionCatalog.RetentionAfterDecision.Default;

    /// <summary>How long after a case ended without a decision (cancelled, expired or superseded) its personal data is kept.</summary>
    /// <value>The default value is 30 days. Between 24 hours and 3650 days.</value>
    public TimeSpan AfterEnd { get; set; } = OptionCatalog.RetentionAfterEnd.Default;
}
