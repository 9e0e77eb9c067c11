using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// A case store in process memory: compare-and-swap saves, one open case per account, an append-only event
/// list per case. It keeps the <see cref="StoredCase"/> records it is given and hands the same instances back (the
/// library never changes a payload it has handed over, and reads a record it wrote without deserializing it
/// again). For tests, samples and single-instance hosts that can lose cases on restart. Thread-safe.
/// </summary>
public sealed class InMemoryResetCaseStore : IResetCaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CaseId, StoredCase> _cases = [];
    private readonly Dictionary<CaseId, List<CaseEvent>> _events = [];
    private readonly Dictionary<string, CaseId> _openByAccount = new(StringComparer.Ordinal);

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
    public Task<StoreWriteResult> InsertAsync(StoredCase storedCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storedCase);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_cases.ContainsKey(storedCase.Id))
            {
                return Task.FromResult(StoreWriteResult.VersionConflict);
            }

            if (storedCase.IsOpen && _openByAccount.ContainsKey(storedCase.AccountId))
            {
                return Task.FromResult(StoreWriteResult.AccountHasOpenCase);
            }

            _cases[storedCase.Id] = storedCase;
            _events[storedCase.Id] = [.. events];
            if (storedCase.IsOpen)
            {
                _openByAccount[storedCase.AccountId] = storedCase.Id;
            }

            return Task.FromResult(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> SaveAsync(StoredCase storedCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storedCase);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_cases.TryGetValue(storedCase.Id, out var stored) || stored.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteResult.VersionConflict);
            }

            _cases[storedCase.Id] = storedCase;
            _events[storedCase.Id].AddRange(events);
            if (!storedCase.IsOpen && _openByAccount.TryGetValue(stored.AccountId, out var open) && open == storedCase.Id)
            {
                _openByAccount.Remove(stored.AccountId);
            }

            return Task.FromResult(StoreWriteResult.Written);
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
                .Where(c => c.State == CaseState.Submitted && (after is null || IsAfter(c, after)))
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
    public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<CaseEvent> events = _events.TryGetValue(id, out var list) ? [.. list] : [];
            return Task.FromResult(events);
        }
    }

    private static bool IsAfter(StoredCase c, ReviewQueueCursor after) =>
        c.SubmittedAt > after.SubmittedAt || (c.SubmittedAt == after.SubmittedAt && c.Id.Value.CompareTo(after.Id.Value) > 0);
}
