using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// A case store in process memory: one lock makes every commit atomic (case, events, account guard, idempotency
/// record, outbox), with compare-and-swap versions, one open case per account and an append-only event list per case. It keeps the <see cref="StoredCase"/> records it is given and hands the same instances back (the
/// library never changes a payload it has handed over, and reads a record it wrote without deserializing it
/// again). For tests, samples and single-instance hosts that can lose cases on restart. Thread-safe.
/// </summary>
public sealed class InMemoryResetCaseStore : IResetCaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CaseId, StoredCase> _cases = [];
    private readonly Dictionary<CaseId, List<CaseEvent>> _events = [];
    private readonly Dictionary<string, CaseId> _openByAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccountGuard> _guards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdempotencyRecord> _idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Held> _outbox = [];

    /// <summary>How many cases are stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _cases.Count;
            }
        }
    }

    /// <summary>Every stored case, in no particular order: what a database would hold, for tests that inspect it.</summary>
    public IReadOnlyList<StoredCase> Cases
    {
        get
        {
            lock (_gate)
            {
                return [.. _cases.Values];
            }
        }
    }

    /// <summary>The outbox messages not yet delivered or given up, as a database would hold them (sealed), for tests that inspect it.</summary>
    public IReadOnlyList<OutboxMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _outbox.Values.Select(h => h.Message)];
            }
        }
    }

    /// <inheritdoc />
    public Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_cases.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        var next = commit.Case;
        lock (_gate)
        {
            // Every check first, then every write: a refused commit changes nothing.
            StoredCase? stored = null;
            if (commit.IsInsert ? _cases.ContainsKey(next.Id) : !_cases.TryGetValue(next.Id, out stored) || stored.Version != commit.ExpectedVersion)
            {
                return Task.FromResult(StoreWriteResult.VersionConflict);
            }

            if (commit.IsInsert && next.IsOpen && _openByAccount.ContainsKey(next.AccountId))
            {
                return Task.FromResult(StoreWriteResult.AccountHasOpenCase);
            }

            if (commit.Guard is { } guard && (_guards.TryGetValue(guard.AccountId, out var storedGuard) ? storedGuard.Version : 0) != guard.Version - 1)
            {
                return Task.FromResult(StoreWriteResult.VersionConflict);
            }

            if (commit.Idempotency is { } record && _idempotency.TryGetValue(record.Key, out var existing) && existing.ExpiresAt > commit.CommittedAt)
            {
                return Task.FromResult(StoreWriteResult.IdempotencyKeyTaken);
            }

            _cases[next.Id] = next;
            if (stored is null)
            {
                _events[next.Id] = [.. commit.Events];
            }
            else
            {
                _events[next.Id].AddRange(commit.Events);
            }

            if (next.IsOpen)
            {
                _openByAccount[next.AccountId] = next.Id;
            }
            else if (_openByAccount.TryGetValue(next.AccountId, out var open) && open == next.Id)
            {
                _openByAccount.Remove(next.AccountId);
            }

            if (commit.Guard is { } written)
            {
                _guards[written.AccountId] = written;
            }

            if (commit.Idempotency is { } added)
            {
                ForgetExpiredKeys(commit.CommittedAt);
                _idempotency[added.Key] = added;
            }

            foreach (var settled in commit.Settled)
            {
                _outbox.Remove(settled);
            }

            foreach (var message in commit.Messages)
            {
                _outbox[message.Id] = new Held(message, null);
            }

            return Task.FromResult(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_guards.GetValueOrDefault(accountId));
        }
    }

    /// <inheritdoc />
    public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_idempotency.TryGetValue(key, out var record) && record.ExpiresAt > now ? record : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var due = _outbox.Values
                .Where(h => h.Message.DueAt <= now)
                .OrderBy(h => h.Message.DueAt)
                .ThenBy(h => h.Message.Id)
                .Take(Math.Max(batchSize, 0))
                .ToList();
            var claimed = new List<OutboxMessage>(due.Count);
            foreach (var held in due)
            {
                var message = held.Message with { DueAt = leaseUntil, Attempts = held.Message.Attempts + 1 };
                _outbox[message.Id] = new Held(message, claim);
                claimed.Add(message);
            }

            return Task.FromResult<IReadOnlyList<OutboxMessage>>(claimed);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_outbox.TryGetValue(messageId, out var held) && held.Claim == claim && _outbox.Remove(messageId));
        }
    }

    /// <inheritdoc />
    public Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_outbox.TryGetValue(messageId, out var held) || held.Claim != claim)
            {
                return Task.FromResult(false);
            }

            _outbox[messageId] = new Held(held.Message with { DueAt = dueAt }, null);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_openByAccount.TryGetValue(accountId, out var id) ? _cases[id] : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredCase> page = [.. _cases.Values
                .Where(c => (c.State == CaseState.Submitted || c.State == CaseState.Disputed) && (after is null || IsAfter(c, after)))
                .OrderBy(c => c.SubmittedAt)
                .ThenBy(c => c.Id.Value)
                .Take(Math.Max(pageSize, 0))];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredCase> page = [.. _cases.Values
                .Where(c => c.ExpiresAt <= now && c.IsExpirable)
                .OrderBy(c => c.ExpiresAt)
                .ThenBy(c => c.Id.Value)
                .Take(Math.Max(pageSize, 0))];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredCase> page = [.. _cases.Values
                .Where(c => c.State == CaseState.Approved)
                .OrderBy(c => c.DecidedAt)
                .ThenBy(c => c.Id.Value)
                .Take(Math.Max(pageSize, 0))];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredCase> page = [.. _cases.Values
                .Where(c => c.PurgeAfter <= now)
                .OrderBy(c => c.PurgeAfter)
                .ThenBy(c => c.Id.Value)
                .Take(Math.Max(pageSize, 0))];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredCase>> ListCasesAsync(CaseId? after, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredCase> page = [.. _cases.Values
                .Where(c => after is not { } last || c.Id.Value.CompareTo(last.Value) > 0)
                .OrderBy(c => c.Id.Value)
                .Take(Math.Max(pageSize, 0))];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseIds);
        cancellationToken.ThrowIfCancellationRequested();
        var wanted = caseIds.ToHashSet();
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> messages = [.. _outbox.Values
                .Select(h => h.Message)
                .Where(m => wanted.Contains(m.CaseId))
                .OrderBy(m => m.Id)];
            return Task.FromResult(messages);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<CaseEvent> events = _events.TryGetValue(id, out var list) ? [.. list] : [];
            return Task.FromResult(events);
        }
    }

    /// <summary>Drops idempotency records past their lifetime, so the map does not grow without end.</summary>
    private void ForgetExpiredKeys(DateTimeOffset now)
    {
        if (_idempotency.Count < 1024)
        {
            return;
        }

        foreach (var key in _idempotency.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList())
        {
            _idempotency.Remove(key);
        }
    }

    private static bool IsAfter(StoredCase c, ReviewQueueCursor after) =>
        c.SubmittedAt > after.SubmittedAt || (c.SubmittedAt == after.SubmittedAt && c.Id.Value.CompareTo(after.Id.Value) > 0);

    /// <summary>An outbox message and the claim that holds it, if any.</summary>
    private sealed record Held(OutboxMessage Message, Guid? Claim);
}
