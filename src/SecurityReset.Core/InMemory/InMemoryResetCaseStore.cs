using SecurityReset.Cases;
using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset.InMemory;

/// <summary>
/// A case store in process memory: compare-and-swap saves, one open case per account, an append-only event
/// list per case. For tests, samples and single-instance hosts that can lose cases on restart. Thread-safe.
/// </summary>
public sealed class InMemoryResetCaseStore : IResetCaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CaseId, ResetCase> _cases = [];
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

    /// <inheritdoc />
    public Task<ResetCase?> LoadAsync(CaseId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_cases.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> InsertAsync(ResetCase resetCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resetCase);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_cases.ContainsKey(resetCase.Id))
            {
                return Task.FromResult(StoreWriteResult.VersionConflict);
            }

            if (resetCase.IsOpen && _openByAccount.ContainsKey(resetCase.Account.AccountId))
            {
                return Task.FromResult(StoreWriteResult.AccountHasOpenCase);
            }

            _cases[resetCase.Id] = resetCase;
            _events[resetCase.Id] = [.. events];
            if (resetCase.IsOpen)
            {
                _openByAccount[resetCase.Account.AccountId] = resetCase.Id;
            }

            return Task.FromResult(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> SaveAsync(ResetCase resetCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resetCase);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_cases.TryGetValue(resetCase.Id, out var stored) || stored.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteResult.VersionConflict);
            }

            _cases[resetCase.Id] = resetCase;
            _events[resetCase.Id].AddRange(events);
            if (!resetCase.IsOpen)
            {
                _openByAccount.Remove(resetCase.Account.AccountId);
            }

            return Task.FromResult(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public Task<ResetCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_openByAccount.TryGetValue(accountId, out var id) ? _cases[id] : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResetCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ResetCase> page = [.. _cases.Values
                .Where(c => c.State == CaseState.Submitted && (after is null || IsAfter(c, after)))
                .OrderBy(c => c.SubmittedAt)
                .ThenBy(c => c.Id.Value)
                .Take(pageSize)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResetCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ResetCase> page = [.. _cases.Values
                .Where(c => c.ExpiresAt <= now && CaseWorkflow.IsListed(c.State, CaseTrigger.Expire))
                .OrderBy(c => c.ExpiresAt)
                .Take(pageSize)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResetCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ResetCase> page = [.. _cases.Values.Where(c => c.State == CaseState.Approved).OrderBy(c => c.DecidedAt).Take(pageSize)];
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

    private static bool IsAfter(ResetCase c, ReviewQueueCursor after) =>
        c.SubmittedAt > after.SubmittedAt || (c.SubmittedAt == after.SubmittedAt && c.Id.Value.CompareTo(after.Id.Value) > 0);
}
