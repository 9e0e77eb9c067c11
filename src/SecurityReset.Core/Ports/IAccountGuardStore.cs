namespace SecurityReset.Ports;

/// <summary>Where account guards live. Thread-safe; <see cref="SaveAsync"/> is a compare-and-swap on the version.</summary>
public interface IAccountGuardStore
{
    /// <summary>Loads the guard of an account, or <see langword="null"/> when none was stored.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The guard.</returns>
    Task<AccountGuard?> LoadAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Stores a guard when the stored version is still <paramref name="expectedVersion"/> (0: not stored yet).</summary>
    /// <param name="guard">The guard, with version <paramref name="expectedVersion"/> + 1.</param>
    /// <param name="expectedVersion">The version it was loaded at.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was written.</returns>
    Task<bool> SaveAsync(AccountGuard guard, long expectedVersion, CancellationToken cancellationToken);
}
