namespace SecurityReset.Ports;

/// <summary>
/// What the service remembers of an account across cases: consecutive verification failures (the failure
/// budget), a lock-out time, and the last authenticator step accepted. Immutable.
/// </summary>
/// <param name="AccountId">The account id.</param>
/// <param name="Version">The stored version, for compare-and-swap; 0 for a guard never stored.</param>
/// <param name="ConsecutiveFailures">Failures since the last success.</param>
/// <param name="LockedUntil">Until when code checks are refused, or <see langword="null"/>.</param>
/// <param name="LastAcceptedTotpStep">The last authenticator time step accepted, or <see langword="null"/>.</param>
public sealed record AccountGuard(string AccountId, long Version, int ConsecutiveFailures, DateTimeOffset? LockedUntil, long? LastAcceptedTotpStep)
{
    /// <summary>A guard for an account never seen before.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The guard at version 0.</returns>
    public static AccountGuard New(string accountId) => new(accountId, 0, 0, null, null);
}
