namespace SecurityReset.Ports;

/// <summary>
/// What the service remembers of an account across cases: its limits over rolling windows (the failed checks of
/// each factor, the codes sent to each destination) and the last authenticator step accepted, in a payload the
/// library alone writes and reads. A store keeps the payload exactly as given and never reads it: its format
/// belongs to the library and may change between versions. Immutable.
/// </summary>
/// <param name="AccountId">The account id.</param>
/// <param name="Version">The stored version, for compare-and-swap; 0 for a guard never stored.</param>
/// <param name="Payload">
/// The account's counts: printable ASCII text of at most 2,000 characters, empty for a guard never stored.
/// </param>
public sealed record AccountGuard(string AccountId, long Version, string Payload)
{
    /// <summary>A guard for an account never seen before.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The guard at version 0, with nothing counted.</returns>
    public static AccountGuard New(string accountId) => new(accountId, 0, string.Empty);
}
