using System.Collections.Concurrent;
using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>Account guards in process memory, with compare-and-swap saves. Thread-safe.</summary>
public sealed class InMemoryAccountGuardStore : IAccountGuardStore
{
    private readonly ConcurrentDictionary<string, AccountGuard> _guards = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<AccountGuard?> LoadAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_guards.GetValueOrDefault(accountId));
    }

    /// <inheritdoc />
    public Task<bool> SaveAsync(AccountGuard guard, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guard);
        cancellationToken.ThrowIfCancellationRequested();
        if (expectedVersion == 0)
        {
            return Task.FromResult(_guards.TryAdd(guard.AccountId, guard));
        }

        return Task.FromResult(_guards.TryGetValue(guard.AccountId, out var stored)
            && stored.Version == expectedVersion
            && _guards.TryUpdate(guard.AccountId, guard, stored));
    }
}
