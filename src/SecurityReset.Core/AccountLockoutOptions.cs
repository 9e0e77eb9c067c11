
namespace SecurityReset;

/// <summary>
/// The account's failure budget per factor across cases, and the rolling window every account limit counts in:
/// <see cref="SecurityResetOptions.Lockout"/>. Not thread-safe while being configured; treat an instance as read-only
/// once the service uses it.
/// </summary>
public sealed class AccountLockoutOptions
{
    /// <summary>
    /// Failed checks of one factor per account, across cases, before that factor's checks are refused for a window
    /// (NIST SP 800-63B rev 4: at most 100). The bound email's codes, the bound phone's codes, the authenticator, the
    /// new contact's codes and the details compared with the account's own (the KYC document, the contacts on the
    /// video's sheet, a new contact that is the bound one) each count apart; the face scan has its own limit.
    /// </summary>
    /// <value>The default value is 100. Between 1 and 100.</value>
    public int MaxFailuresPerFactor { get; set; } = OptionCatalog.LockoutMaxFailuresPerFactor.Default;

    /// <summary>
    /// The rolling window of the account limits: a factor's failures, or a destination's codes, count until a whole
    /// window passes without one, and the one that reaches a limit refuses that factor or destination for a whole
    /// window from then; so no window-long interval holds more than the limit.
    /// </summary>
    /// <value>The default value is 24 hours. Between 1 minute and 30 days.</value>
    public TimeSpan Window { get; set; } = OptionCatalog.LockoutWindow.Default;
}
