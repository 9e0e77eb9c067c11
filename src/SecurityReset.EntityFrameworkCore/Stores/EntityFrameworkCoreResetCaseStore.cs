using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Stores;
using SecurityReset.Ports;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>
/// The store on Entity Framework Core: cases and their events, account guards, idempotency records and the outbox.
/// A commit is one transaction of a few statements written once from the model and reused: the case's
/// <c>INSERT</c> or its compare-and-swap <c>UPDATE … WHERE Id = @key AND Version = @expected</c> (no row:
/// <see cref="StoreWriteResult.VersionConflict"/>), one <c>INSERT</c> of its events, the guard's <c>INSERT</c> or
/// compare-and-swap <c>UPDATE</c>, the idempotency record's <c>INSERT</c> (after deleting an expired record with the
/// key), one <c>DELETE</c> of the settled outbox messages and one <c>INSERT</c> of the new ones (so a message re-sealed
/// under a new key keeps its id); anything refused rolls
/// the whole transaction back. One open case per account is a unique partial index, and an idempotency key or an
/// account's first guard the primary key, so two instances over one database cannot both take one. Each call uses
/// its own short-lived context from <paramref name="contextFactory"/>. Thread-safe.
/// </summary>
/// <typeparam name="TContext">The context holding the store's model (<see cref="SecurityResetDbContext"/>, or yours with <c>modelBuilder.AddSecurityReset()</c>).</typeparam>
/// <param name="contextFactory">Creates the contexts.</param>
public sealed class EntityFrameworkCoreResetCaseStore<TContext>(IDbContextFactory<TContext> contextFactory) : IResetCaseStore
    where TContext : DbContext
{
    private const string UniqueViolation = "23505";
    private const int MaxInsertRetries = 3;

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly IDbContextFactory<TContext> _contexts = contextFactory ?? throw new ArgumentNullException(nameof(contextFactory));
    private volatile CaseSaveCommands? _saveCommands;
    private long _lastPurgeUtcTicks;

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
    public async Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);

        // Every row is built, and every argument checked, before anything is written.
        var caseRow = ToRow(commit.Case ?? throw new ArgumentException("A commit has no case.", nameof(commit)));
        var eventRows = ToRows(commit.Case.Id, commit.Events ?? throw new ArgumentException("A commit has no event list.", nameof(commit))).ToList();
        var guardRow = commit.Guard is { } guard ? ToRow(guard) : null;
        var idempotencyRow = commit.Idempotency is { } record ? ToRow(record) : null;
        var messageRows = ToRows(commit.Messages ?? throw new ArgumentException("A commit has no message list.", nameof(commit)));
        var settled = commit.Settled ?? throw new ArgumentException("A commit has no settled list.", nameof(commit));
        var committedAt = commit.CommittedAt.UtcTicks;
        if (idempotencyRow is not null)
        {
            await PurgeIfDueAsync(commit.CommittedAt, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            var refused = CommitStep.None;
            DbException? refusal = null;
            var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var commands = SaveCommandsFor(db);
                var statements = 1 + (eventRows.Count > 0 ? 1 : 0) + (guardRow is null ? 0 : 1) + (idempotencyRow is null ? 0 : 2)
                    + (messageRows.Count > 0 ? 1 : 0) + (settled.Count > 0 ? 1 : 0);

                // One statement commits on its own. Otherwise one transaction: on SQLite it begins IMMEDIATE (the write
                // lock is taken first, waiting up to the busy timeout), so two commits never deadlock on upgrading a read.
                var transaction = statements == 1 ? null : await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var step = CommitStep.None;
                try
                {
                    if (commit.IsInsert)
                    {
                        step = CommitStep.CaseInsert;
                        await commands.InsertCaseAsync(db, caseRow, cancellationToken).ConfigureAwait(false);
                    }
                    else if (await commands.UpdateCaseAsync(db, caseRow, commit.ExpectedVersion, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        // The compare-and-swap: the version check and the write are one statement. The transaction,
                        // disposed unfinished, rolls back.
                        return StoreWriteResult.VersionConflict;
                    }

                    step = CommitStep.None;
                    if (eventRows.Count > 0)
                    {
                        await commands.InsertEventsAsync(db, eventRows, cancellationToken).ConfigureAwait(false);
                    }

                    if (guardRow is not null)
                    {
                        if (guardRow.Version == 1)
                        {
                            // The account's first guard: the primary key refuses a second one.
                            step = CommitStep.GuardInsert;
                            await commands.InsertGuardAsync(db, guardRow, cancellationToken).ConfigureAwait(false);
                            step = CommitStep.None;
                        }
                        else if (await commands.UpdateGuardAsync(db, guardRow, guardRow.Version - 1, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            return StoreWriteResult.VersionConflict;
                        }
                    }

                    if (idempotencyRow is not null)
                    {
                        // An expired record gives its key up; a live one makes the insert fail on the primary key.
                        step = CommitStep.IdempotencyInsert;
                        await commands.DeleteExpiredKeyAsync(db, idempotencyRow.Key, committedAt, cancellationToken).ConfigureAwait(false);
                        await commands.InsertIdempotencyAsync(db, idempotencyRow, cancellationToken).ConfigureAwait(false);
                    }

                    step = CommitStep.None;
                    // Settled first: a message re-sealed under a new key comes back under its own id.
                    if (settled.Count > 0)
                    {
                        await commands.DeleteMessagesAsync(db, settled, cancellationToken).ConfigureAwait(false);
                    }

                    if (messageRows.Count > 0)
                    {
                        await commands.InsertMessagesAsync(db, messageRows, cancellationToken).ConfigureAwait(false);
                    }

                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return StoreWriteResult.Written;
                }
                catch (DbException e) when (step != CommitStep.None)
                {
                    // An insert the database refused; everything is rolled back below, then the refusal is explained.
                    refused = step;
                    refusal = e;
                }
                finally
                {
                    if (transaction is not null)
                    {
                        await transaction.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            // When a row now stands in the insert's way, say which conflict it is; otherwise the failure is not a
            // conflict and goes up as it is.
            var conflict = await ConflictOfAsync(refused, refusal!, commit, cancellationToken).ConfigureAwait(false);
            if (conflict is not null)
            {
                return conflict.Value;
            }

            // The one-open-case index refused the insert, and the case in its way closed before the refusal could be
            // explained (another open superseded it): nothing stands in the way now, so the insert is tried again.
            // A refusal with nothing in the way, tried again a few times, is not a conflict.
            if (attempt < MaxInsertRetries && refused == CommitStep.CaseInsert && commit.Case.IsOpen)
            {
                continue;
            }

            ExceptionDispatchInfo.Throw(refusal!);
        }
    }

    /// <inheritdoc />
    public async Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.Set<AccountGuardRow>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.AccountId == accountId, cancellationToken).ConfigureAwait(false);
            return row is null
                ? null
                : new AccountGuard(row.AccountId, row.Version, row.Payload);
        }
    }

    /// <inheritdoc />
    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var ticks = now.UtcTicks;
            var row = await db.Set<IdempotencyRow>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.Key == key && r.ExpiresAtUtcTicks > ticks, cancellationToken).ConfigureAwait(false);
            return row is null ? null : new IdempotencyRecord(row.Key, row.RequestHash, row.ResultJson, UtcTicks.ToTime(row.ExpiresAtUtcTicks));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction picks the due messages, claims them with an <c>UPDATE</c> that checks again that each is
    /// still due (a claim that took one meanwhile moved its due time to its lease), and reads them back by id and
    /// claim. On PostgreSQL the pick is <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claims, also from other
    /// processes, take different messages without waiting for each other; on SQLite the transaction holds the
    /// write lock from its start, so claims run one after the other.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken)
    {
        if (batchSize <= 0)
        {
            return [];
        }

        var nowTicks = now.UtcTicks;
        var leaseTicks = leaseUntil.UtcTicks;
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var commands = SaveCommandsFor(db);
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var ids = commands.PicksClaimCandidates
                    ? await commands.PickClaimCandidatesAsync(db, nowTicks, batchSize, cancellationToken).ConfigureAwait(false)
                    : await db.Set<OutboxRow>().AsNoTracking()
                        .Where(r => r.DueAtUtcTicks <= nowTicks)
                        .OrderBy(r => r.DueAtUtcTicks).ThenBy(r => r.Id)
                        .Take(batchSize)
                        .Select(r => r.Id)
                        .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0)
                {
                    return [];
                }

                await db.Set<OutboxRow>()
                    .Where(r => ids.Contains(r.Id) && r.DueAtUtcTicks <= nowTicks)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(r => r.DueAtUtcTicks, leaseTicks)
                            .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                            .SetProperty(r => r.ClaimToken, claim),
                        cancellationToken)
                    .ConfigureAwait(false);
                var rows = await db.Set<OutboxRow>().AsNoTracking()
                    .Where(r => ids.Contains(r.Id) && r.ClaimToken == claim)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                // In the order picked: earliest due first, then by id.
                var order = new Dictionary<Guid, int>(ids.Count);
                for (var i = 0; i < ids.Count; i++)
                {
                    order[ids[i]] = i;
                }

                return [.. rows.OrderBy(r => order[r.Id]).Select(ToMessage)];
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Set<OutboxRow>()
                .Where(r => r.Id == messageId && r.ClaimToken == claim)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var ticks = dueAt.UtcTicks;
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Set<OutboxRow>()
                .Where(r => r.Id == messageId && r.ClaimToken == claim)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.DueAtUtcTicks, ticks).SetProperty(r => r.ClaimToken, (Guid?)null),
                    cancellationToken)
                .ConfigureAwait(false) == 1;
        }
    }

    /// <summary>
    /// Deletes the idempotency records that expired at or before <paramref name="now"/>. Commits that add a record
    /// do it too, at most once an hour per store instance; call it from a job of your own to keep the table small
    /// without them.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many records were deleted.</returns>
    public Task<int> PurgeExpiredIdempotencyAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // A purge restarts the hour the commits wait before purging again.
        long last;
        do
        {
            last = Interlocked.Read(ref _lastPurgeUtcTicks);
        }
        while (now.UtcTicks > last && Interlocked.CompareExchange(ref _lastPurgeUtcTicks, now.UtcTicks, last) != last);

        return PurgeAsync(now, cancellationToken);
    }

    private async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var ticks = now.UtcTicks;
            return await db.Set<IdempotencyRow>().Where(r => r.ExpiresAtUtcTicks <= ticks).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
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
            var query = db.Set<CaseRow>().AsNoTracking().Where(r => r.State == CaseState.Submitted || r.State == CaseState.Disputed);
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
    public async Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var ticks = now.UtcTicks;
            var page = await db.Set<CaseRow>().AsNoTracking()
                .Where(r => r.PurgeAfterUtcTicks != null && r.PurgeAfterUtcTicks <= ticks)
                .OrderBy(r => r.PurgeAfterUtcTicks).ThenBy(r => r.Id)
                .Take(Math.Max(pageSize, 0))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. page.Select(ToStored)];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredCase>> ListCasesAsync(CaseId? after, int pageSize, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // The primary key orders and pages: no other index is needed.
            var query = db.Set<CaseRow>().AsNoTracking();
            if (after is { } last)
            {
                var id = last.Value;
                query = query.Where(r => r.Id.CompareTo(id) > 0);
            }

            var page = await query
                .OrderBy(r => r.Id)
                .Take(Math.Max(pageSize, 0))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. page.Select(ToStored)];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseIds);
        if (caseIds.Count == 0)
        {
            return [];
        }

        var ids = caseIds.Select(c => c.Value).Distinct().ToArray();
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Set<OutboxRow>().AsNoTracking()
                .Where(r => ids.Contains(r.CaseId))
                .OrderBy(r => r.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(ToMessage)];
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
                id, r.Version, r.Type, UtcTicks.ToTime(r.OccurredAtUtcTicks), new Actor(r.ActorKind, r.ActorId), r.Detail) { Seal = r.Seal })];
        }
    }

    private async Task<StoreWriteResult?> ConflictOfAsync(CommitStep refused, DbException refusal, CaseCommit commit, CancellationToken cancellationToken)
    {
        var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            switch (refused)
            {
                case CommitStep.CaseInsert:
                    var id = commit.Case.Id.Value;
                    if (await db.Set<CaseRow>().AnyAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false))
                    {
                        return StoreWriteResult.VersionConflict;
                    }

                    // SQLSTATE 23505 (unique violation, where the provider reports SQLSTATE): with the id free, only the
                    // one-open-case index can have refused the insert, even if the case in its way has closed since.
                    var accountId = commit.Case.AccountId;
                    return commit.Case.IsOpen && string.Equals(refusal.SqlState, UniqueViolation, StringComparison.Ordinal)
                        ? StoreWriteResult.AccountHasOpenCase
                        : commit.Case.IsOpen && await db.Set<CaseRow>()
                            .AnyAsync(r => r.AccountId == accountId && EF.Constant(CaseStates.Open).Contains(r.State), cancellationToken)
                            .ConfigureAwait(false)
                        ? StoreWriteResult.AccountHasOpenCase
                        : null;

                case CommitStep.GuardInsert:
                    // Another commit stored the account's first guard first: a lost compare-and-swap.
                    var guardAccount = commit.Guard!.AccountId;
                    return await db.Set<AccountGuardRow>().AnyAsync(r => r.AccountId == guardAccount, cancellationToken).ConfigureAwait(false)
                        ? StoreWriteResult.VersionConflict
                        : null;

                case CommitStep.IdempotencyInsert:
                    // Only a record still live when the commit was decided holds the key (an expired one would have
                    // been replaced).
                    var key = commit.Idempotency!.Key;
                    var committedAt = commit.CommittedAt.UtcTicks;
                    return await db.Set<IdempotencyRow>().AnyAsync(r => r.Key == key && r.ExpiresAtUtcTicks > committedAt, cancellationToken).ConfigureAwait(false)
                        ? StoreWriteResult.IdempotencyKeyTaken
                        : null;

                default:
                    return null;
            }
        }
    }

    private async Task PurgeIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastPurgeUtcTicks);
        if (now.UtcTicks - last < PurgeInterval.Ticks || Interlocked.CompareExchange(ref _lastPurgeUtcTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        await PurgeAsync(now, cancellationToken).ConfigureAwait(false);
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
        PurgeAfterUtcTicks = c.PurgeAfter?.UtcTicks,
        Version = c.Version,
        Payload = c.Payload.ToArray(),
    };

    private static AccountGuardRow ToRow(AccountGuard g)
    {
        if (g.Version < 1)
        {
            throw new ArgumentException("A committed guard has a version of at least 1.", nameof(g));
        }

        return new AccountGuardRow
        {
            AccountId = g.AccountId ?? throw new ArgumentException("A guard has no account id.", nameof(g)),
            Version = g.Version,
            Payload = g.Payload ?? throw new ArgumentException("A guard has no payload.", nameof(g)),
        };
    }

    private static IdempotencyRow ToRow(IdempotencyRecord r) => new()
    {
        Key = r.Key ?? throw new ArgumentException("An idempotency record has no key.", nameof(r)),
        RequestHash = r.RequestHash ?? throw new ArgumentException("An idempotency record has no request hash.", nameof(r)),
        ResultJson = r.ResultJson ?? throw new ArgumentException("An idempotency record has no result.", nameof(r)),
        ExpiresAtUtcTicks = r.ExpiresAt.UtcTicks,
    };

    private static List<OutboxRow> ToRows(IReadOnlyList<OutboxMessage> messages)
    {
        var rows = new List<OutboxRow>(messages.Count);
        foreach (var m in messages)
        {
            if (m is null)
            {
                throw new ArgumentException("An outbox message is null.", nameof(messages));
            }

            rows.Add(new OutboxRow
            {
                Id = m.Id,
                CaseId = m.CaseId.Value,
                DueAtUtcTicks = m.DueAt.UtcTicks,
                Attempts = m.Attempts,
                ClaimToken = null,
                Payload = m.Payload.ToArray(),
            });
        }

        return rows;
    }

    private static OutboxMessage ToMessage(OutboxRow r) => new(r.Id, new CaseId(r.CaseId), UtcTicks.ToTime(r.DueAtUtcTicks), r.Attempts, r.Payload);

    private static StoredCase ToStored(CaseRow r) => new(
        new CaseId(r.Id),
        r.AccountId,
        r.State,
        r.Version,
        UtcTicks.ToTime(r.ExpiresAtUtcTicks),
        UtcTicks.ToTime(r.SubmittedAtUtcTicks),
        UtcTicks.ToTime(r.DecidedAtUtcTicks),
        r.Payload)
    {
        PurgeAfter = UtcTicks.ToTime(r.PurgeAfterUtcTicks),
    };

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
                Seal = e.Seal,
            };
        }
    }

    /// <summary>The insert of a commit the database may refuse for a row in its way.</summary>
    private enum CommitStep
    {
        None,
        CaseInsert,
        GuardInsert,
        IdempotencyInsert,
    }
}
