using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Stores;
using SecurityReset.Ports;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>
/// Idempotency records on Entity Framework Core. The key is the primary key, so of two instances beginning the
/// same request only one wins; an expired record is taken over with a compare-and-swap on its expiry. Expired
/// records are deleted as new ones arrive, at most once an hour per store instance. Thread-safe.
/// </summary>
/// <typeparam name="TContext">The context holding the store's model.</typeparam>
/// <param name="contextFactory">Creates the contexts.</param>
public sealed class EntityFrameworkCoreIdempotencyStore<TContext>(IDbContextFactory<TContext> contextFactory) : IIdempotencyStore
    where TContext : DbContext
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly IDbContextFactory<TContext> _contexts = contextFactory ?? throw new ArgumentNullException(nameof(contextFactory));
    private long _lastPurgeUtcTicks;

    /// <inheritdoc />
    public async Task<IdempotencyRecord?> TryBeginAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await PurgeIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        var key = record.Key;
        var nowTicks = now.UtcTicks;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var existing = await db.Set<IdempotencyRow>().AsNoTracking()
                    .FirstOrDefaultAsync(r => r.Key == key, cancellationToken).ConfigureAwait(false);
                if (existing is not null && existing.ExpiresAtUtcTicks > nowTicks)
                {
                    return ToRecord(existing);
                }

                if (existing is not null)
                {
                    // Expired: take it over, unless someone else did since it was read.
                    var expiredAt = existing.ExpiresAtUtcTicks;
                    var taken = await db.Set<IdempotencyRow>()
                        .Where(r => r.Key == key && r.ExpiresAtUtcTicks == expiredAt)
                        .ExecuteUpdateAsync(
                            s => s.SetProperty(r => r.RequestHash, record.RequestHash)
                                .SetProperty(r => r.ResultJson, record.ResultJson)
                                .SetProperty(r => r.ExpiresAtUtcTicks, record.ExpiresAt.UtcTicks),
                            cancellationToken)
                        .ConfigureAwait(false);
                    if (taken == 1)
                    {
                        return null;
                    }

                    continue;
                }

                db.Set<IdempotencyRow>().Add(ToRow(record));
                try
                {
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts - 1)
                {
                    // Another request with this key began first: read it again.
                }
            }
        }

        throw new InvalidOperationException("The idempotency record kept changing; giving up.");
    }

    /// <inheritdoc />
    public async Task CompleteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var key = record.Key;
            var updated = await db.Set<IdempotencyRow>()
                .Where(r => r.Key == key)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.RequestHash, record.RequestHash)
                        .SetProperty(r => r.ResultJson, record.ResultJson)
                        .SetProperty(r => r.ExpiresAtUtcTicks, record.ExpiresAt.UtcTicks),
                    cancellationToken)
                .ConfigureAwait(false);
            if (updated == 0)
            {
                // The record vanished meanwhile (purged or abandoned): store the result anyway.
                db.Set<IdempotencyRow>().Add(ToRow(record));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task AbandonAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Set<IdempotencyRow>().Where(r => r.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the records that expired at or before <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many records were deleted.</returns>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var ticks = now.UtcTicks;
            return await db.Set<IdempotencyRow>().Where(r => r.ExpiresAtUtcTicks <= ticks).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PurgeIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastPurgeUtcTicks);
        if (now.UtcTicks - last < PurgeInterval.Ticks || Interlocked.CompareExchange(ref _lastPurgeUtcTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        await PurgeExpiredAsync(now, cancellationToken).ConfigureAwait(false);
    }

    private static IdempotencyRow ToRow(IdempotencyRecord record) => new()
    {
        Key = record.Key,
        RequestHash = record.RequestHash,
        ResultJson = record.ResultJson,
        ExpiresAtUtcTicks = record.ExpiresAt.UtcTicks,
    };

    private static IdempotencyRecord ToRecord(IdempotencyRow row) =>
        new(row.Key, row.RequestHash, row.ResultJson, UtcTicks.ToTime(row.ExpiresAtUtcTicks));
}
