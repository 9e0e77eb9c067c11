
namespace SecurityReset;

/// <summary>
/// How long a submitted case waits for the support team, and how long one reviewer's claim holds:
/// <see cref="SecurityResetOptions.Review"/>. Not thread-safe while being configured; treat an instance as read-only
/// once the service uses it.
/// </summary>
public sealed class ReviewOptions
{
    /// <summary>How long after its (re)submission a case waits for a decision before it expires and the account's channels are told.</summary>
    /// <value>The default value is 14 days. Between 24 hours and 90 days.</value>
    public TimeSpan Deadline { get; set; } = OptionCatalog.ReviewDeadline.Default;

    /// <summary>How long a reviewer's claim holds: once it lapses, any reviewer may claim the case and the lapsed one can no longer decide it.</summary>
    /// <value>The default value is 4 hours. Between 5 minutes and 24 hours.</value>
    public TimeSpan ClaimTimeout { get; set; } = OptionCatalog.ReviewClaimTimeout.Default;

    /// <summary>How long after the approval the reset waits before it applies: a "this wasn't me" from a channel bound before the case holds it and sends the case back to review.</summary>
    /// <value>The default value is 0 (24 hours with the strict profile). Between 0 and 7 days.</value>
    public TimeSpan DisputeWindow { get; set; } = OptionCatalog.ReviewDisputeWindow.Default;
}
