
namespace SecurityReset;

/// <summary>
/// The one-time codes sent to a bound or new email address or phone number: <see cref="SecurityResetOptions.Codes"/>.
/// Not thread-safe while being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class VerificationCodeOptions
{
    /// <summary>How many digits a verification code has.</summary>
    /// <value>The default value is 6. Between 6 and 10.</value>
    public int Length { get; set; } = OptionCatalog.CodeLength.Default;

    /// <summary>How long a code is accepted after it was issued.</summary>
    /// <value>The default value is 15 minutes (10 minutes with the strict profile). Between 1 minute and 1 hour.</value>
    public TimeSpan Lifetime { get; set; } = OptionCatalog.CodeLifetime.Default;

    /// <summary>Wrong codes per destination per case before the code is burnt; resends never reset the count.</summary>
    /// <value>The default value is 5. Between 1 and 10.</value>
    public int MaxFailedAttemptsPerDestination { get; set; } = OptionCatalog.CodeMaxFailedAttemptsPerDestination.Default;

    /// <summary>The least time between two codes to one destination.</summary>
    /// <value>The default value is 1 minute. Between 0 and 15 minutes.</value>
    public TimeSpan ResendCooldown { get; set; } = OptionCatalog.CodeResendCooldown.Default;

    /// <summary>Codes one destination may receive in one case.</summary>
    /// <value>The default value is 5. Between 1 and 20.</value>
    public int MaxPerDestination { get; set; } = OptionCatalog.CodeMaxPerDestination.Default;

    /// <summary>
    /// Codes one destination (the bound email, the bound phone, each new contact) may receive for one account, across
    /// cases, before codes to it are refused for <c>Lockout.Window</c>.
    /// </summary>
    /// <value>The default value is 10. Between 1 and 100.</value>
    public int MaxPerDestinationPerAccount { get; set; } = OptionCatalog.CodeMaxPerDestinationPerAccount.Default;

    /// <summary>New contacts one account may have codes sent to, across cases, within <c>Lockout.Window</c>.</summary>
    /// <value>The default value is 5. Between 1 and 20.</value>
    public int MaxNewContactsPerAccount { get; set; } = OptionCatalog.CodeMaxNewContactsPerAccount.Default;
}
