
namespace SecurityReset;

/// <summary>
/// The account-wide failure budget that spans cases and resends: <see cref="SecurityResetOptions.Lockout"/>.
/// Not thread-safe while being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class AccountLockoutOptions
{
    /// <summary>Consecutive verification failures per account, across cases, before code checks are refused.</summary>
    /// <value>The default value is 100. Between 1 and 1000.</value>
    public int MaxFailedAttempts { get; set; } = OptionCatalog.LockoutMaxFailedAttempts.Default;

    /// <summary>How long an account that used up its failed attempts is refused code checks before the count resets.</summary>
    /// <value>The default value is 24 hours. Between 1 minute and 30 days.</value>
    public TimeSpan Duration { get; set; } = OptionCatalog.LockoutDuration.Default;
}
