using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Stores;
using SecurityReset.Ports;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>
/// The case store on Entity Framework Core. A save is one <c>UPDATE … WHERE Id = @id AND Version = @expected</c>
/// (no row: <see cref="StoreWriteResult.VersionConflict"/>) and one <c>INSERT</c> of its events, in one transaction,
/// both written once from the model and reused; one open case
/// per account is a unique partial index, so two instances over one database cannot both open one. Each call uses
/// its own short-lived context from <paramref name="contextFactory"/>. Thread-safe.
/// </summary>
/// <typeparam name="TContext">The context holding the store's model (<see cref="SecurityResetDbContext"/>, or yours with <c>modelBuilder.AddSecurityReset()</c>).</typeparam>
/// <param name="contextFactory">Creates the contexts.</param>
public sealed class EntityFrameworkCoreResetCaseStore<TContext>(IDbContextFactory<TContext> contextFactory) : IResetCaseStore
    where TContext : DbContext
{
    private readonly IDbContextFactory<TContext> _contexts = contextFactory ?? throw new ArgumentNullException(nameof(contextFactory));
    private volatile CaseSaveCommands? _saveCommands;

    /// <summary>
    /// Creates the store's tables when the case table is missing: the database, or the whole model of
    /// <typeparamref name="TContext"/>, through <c>CreateTables</c>. Meant for samples, tests and a first start on
    /// SQLite; production databases take the shipped scripts (<c>schema/sqlite.sql</c>, <c>schema/postgresql.sql</c>)
    /// or your migrations. Not safe to race with another instance doing the same.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await SchemaCreator.EnsureAsync(db, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.Set<CaseRow>().AsNoTracking()
                .Where(r => r.Id == id.Value)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return row is null ? null : ToStored(row);
        }
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> InsertAsync(StoredCase storedCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storedCase);
        ArgumentNullException.ThrowIfNull(events);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Set<CaseRow>().Add(ToRow(storedCase));
            db.Set<CaseEventRow>().AddRange(ToRows(storedCase.Id, events));
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return StoreWriteResult.Written;
            }
            catch (DbUpdateException)
            {
                // The database refused the insert. When a row now stands in its way, say which; otherwise the
                // failure is not a conflict and goes up as it is.
                var conflict = await ConflictOfAsync(storedCase, cancellationToken).ConfigureAwait(false);
                if (conflict is null)
                {
                    throw;
                }

                return conflict.Value;
            }
        }
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> SaveAsync(StoredCase storedCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storedCase);
        ArgumentNullException.ThrowIfNull(events);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var commands = SaveCommandsFor(db);
            var row = ToRow(storedCase);
            var eventRows = ToRows(storedCase.Id, events).ToList();
            var transaction = eventRows.Count == 0 ? null : await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // The compare-and-swap: the version check and the write are one statement.
                if (await commands.UpdateAsync(db, row, expectedVersion, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return StoreWriteResult.VersionConflict;
                }

                if (transaction is not null)
                {
                    await commands.InsertEventsAsync(db, eventRows, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return StoreWriteResult.Written;
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.Set<CaseRow>().AsNoTracking()
                .Where(r => r.AccountId == accountId && EF.Constant(CaseStates.Open).Contains(r.State))
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return row is null ? null : ToStored(row);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var query = db.Set<CaseRow>().AsNoTracking().Where(r => r.State == CaseState.Submitted);
            if (after is not null)
            {
                long ticks = after.SubmittedAt.UtcTicks;
                var id = after.Id.Value;
                query = query.Where(r => r.SubmittedAtUtcTicks > ticks || (r.SubmittedAtUtcTicks == ticks && r.Id.CompareTo(id) > 0));
            }

            var page = await query
                .OrderBy(r => r.SubmittedAtUtcTicks).ThenBy(r => r.Id)
                .Take(Math.Max(pageSize, 0))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. page.Select(ToStored)];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var ticks = now.UtcTicks;
            var page = await db.Set<CaseRow>().AsNoTracking()
                .Where(r => EF.Constant(CaseStates.Expirable).Contains(r.State) && r.ExpiresAtUtcTicks <= ticks)
                .OrderBy(r => r.ExpiresAtUtcTicks).ThenBy(r => r.Id)
                .Take(Math.Max(pageSize, 0))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. page.Select(ToStored)];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var page = await db.Set<CaseRow>().AsNoTracking()
                .Where(r => r.State == CaseState.Approved)
                .OrderBy(r => r.DecidedAtUtcTicks).ThenBy(r => r.Id)
                .Take(Math.Max(pageSize, 0))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. page.Select(ToStored)];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Set<CaseEventRow>().AsNoTracking()
                .Where(r => r.CaseId == id.Value)
                .OrderBy(r => r.Version).ThenBy(r => r.Sequence)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => new CaseEvent(
                id, r.Version, r.Type, UtcTicks.ToTime(r.OccurredAtUtcTicks), new Actor(r.ActorKind, r.ActorId), r.Detail))];
        }
    }

    private async Task<StoreWriteResult?> ConflictOfAsync(StoredCase storedCase, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var id = storedCase.Id.Value;
            if (await db.Set<CaseRow>().AnyAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false))
            {
                return StoreWriteResult.VersionConflict;
            }

            var accountId = storedCase.AccountId;
            if (storedCase.IsOpen && await db.Set<CaseRow>()
                    .AnyAsync(r => r.AccountId == accountId && EF.Constant(CaseStates.Open).Contains(r.State), cancellationToken)
                    .ConfigureAwait(false))
            {
                return StoreWriteResult.AccountHasOpenCase;
            }

            return null;
        }
    }

    // The save statements of the model the factory's contexts share; written on the first save.
    private CaseSaveCommands SaveCommandsFor(TContext db)
    {
        var commands = _saveCommands;
        if (commands is null || !ReferenceEquals(commands.Model, db.Model))
        {
            commands = new CaseSaveCommands(db);
            _saveCommands = commands;
        }

        return commands;
    }

    private static CaseRow ToRow(StoredCase c) => new()
    {
        Id = c.Id.Value,
        AccountId = c.AccountId ?? throw new ArgumentException("A stored case has no account id.", nameof(c)),
        State = c.State,
        ExpiresAtUtcTicks = c.ExpiresAt.UtcTicks,
        SubmittedAtUtcTicks = c.SubmittedAt?.UtcTicks,
        DecidedAtUtcTicks = c.DecidedAt?.UtcTicks,
        Version = c.Version,
        Payload = c.Payload.ToArray(),
    };

    private static StoredCase ToStored(CaseRow r) => new(
        new CaseId(r.Id),
        r.AccountId,
        r.State,
        r.Version,
        UtcTicks.ToTime(r.ExpiresAtUtcTicks),
        UtcTicks.ToTime(r.SubmittedAtUtcTicks),
        UtcTicks.ToTime(r.DecidedAtUtcTicks),
        r.Payload);

    private static IEnumerable<CaseEventRow> ToRows(CaseId id, IReadOnlyList<CaseEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException("An event is null.", nameof(events));
            if (e.CaseId != id)
            {
                throw new ArgumentException("An event belongs to another case.", nameof(events));
            }

            yield return new CaseEventRow
            {
                CaseId = id.Value,
                Version = e.Version,
                Sequence = i,
                Type = e.Type,
                OccurredAtUtcTicks = e.OccurredAt.UtcTicks,
                ActorKind = e.Actor.Kind,
                ActorId = e.Actor.Id,
                Detail = e.Detail,
            };
        }
    }
}
