using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Stores;
using SecurityReset.Ports;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>
/// Account guards on Entity Framework Core. A save at version 0 is an insert (the primary key refuses a second
/// one); later saves are one <c>UPDATE … WHERE AccountId = @id AND Version = @expected</c>. Thread-safe.
/// </summary>
/// <typeparam name="TContext">The context holding the store's model.</typeparam>
/// <param name="contextFactory">Creates the contexts.</param>
public sealed class EntityFrameworkCoreAccountGuardStore<TContext>(IDbContextFactory<TContext> contextFactory) : IAccountGuardStore
    where TContext : DbContext
{
    private readonly IDbContextFactory<TContext> _contexts = contextFactory ?? throw new ArgumentNullException(nameof(contextFactory));

    /// <inheritdoc />
    public async Task<AccountGuard?> LoadAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.Set<AccountGuardRow>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.AccountId == accountId, cancellationToken).ConfigureAwait(false);
            return row is null
                ? null
                : new AccountGuard(row.AccountId, row.Version, row.ConsecutiveFailures, UtcTicks.ToTime(row.LockedUntilUtcTicks), row.LastAcceptedTotpStep);
        }
    }

    /// <inheritdoc />
    public async Task<bool> SaveAsync(AccountGuard guard, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guard);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var accountId = guard.AccountId;
            var locked = guard.LockedUntil?.UtcTicks;
            if (expectedVersion != 0)
            {
                var updated = await db.Set<AccountGuardRow>()
                    .Where(r => r.AccountId == accountId && r.Version == expectedVersion)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(r => r.Version, guard.Version)
                            .SetProperty(r => r.ConsecutiveFailures, guard.ConsecutiveFailures)
                            .SetProperty(r => r.LockedUntilUtcTicks, locked)
                            .SetProperty(r => r.LastAcceptedTotpStep, guard.LastAcceptedTotpStep),
                        cancellationToken)
                    .ConfigureAwait(false);
                return updated == 1;
            }

            db.Set<AccountGuardRow>().Add(new AccountGuardRow
            {
                AccountId = accountId,
                Version = guard.Version,
                ConsecutiveFailures = guard.ConsecutiveFailures,
                LockedUntilUtcTicks = locked,
                LastAcceptedTotpStep = guard.LastAcceptedTotpStep,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DbUpdateException)
            {
                // Another writer stored the first guard first: a lost compare-and-swap, not a failure.
                if (await ExistsAsync(accountId, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                throw;
            }
        }
    }

    private async Task<bool> ExistsAsync(string accountId, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Set<AccountGuardRow>().AnyAsync(r => r.AccountId == accountId, cancellationToken).ConfigureAwait(false);
        }
    }
}
