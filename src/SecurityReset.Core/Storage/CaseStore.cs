using SecurityReset.Ports;

namespace SecurityReset.Storage;

/// <summary>
/// The service's side of <see cref="IResetCaseStore"/>: snapshots in, snapshots out, converted to and from
/// <see cref="StoredCase"/> at the port. A record this class wrote carries its snapshot in its payload
/// (<see cref="SnapshotPayload"/>): a store that hands back the very payload it was given (the in-memory one) costs no
/// deserialization; a database store returns new bytes, which are read. Either way the columns must match the
/// snapshot. Thread-safe when the store is.
/// </summary>
internal sealed class CaseStore(IResetCaseStore store)
{
    private readonly IResetCaseStore _store = store ?? throw new ArgumentNullException(nameof(store));

    public async ValueTask<ResetCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) =>
        FromStored(await _store.LoadAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The record to write for a snapshot: its payload is measured here and written once, when a store first reads
    /// it (the in-memory store never does); the record goes to the store in a <see cref="CaseCommit"/>.
    /// </summary>
    public static StoredCase ToStored(ResetCase resetCase) => CaseSnapshotSerializer.ToStored(resetCase, SnapshotPayload.Of(resetCase));

    public Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken) =>
        _store.CommitAsync(commit, cancellationToken);

    public Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken) =>
        _store.LoadGuardAsync(accountId, cancellationToken);

    public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        _store.FindIdempotencyAsync(key, now, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken) =>
        _store.ClaimMessagesAsync(claim, now, leaseUntil, batchSize, cancellationToken);

    public Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken) =>
        _store.CompleteMessageAsync(messageId, claim, cancellationToken);

    public Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        _store.RetryMessageAsync(messageId, claim, dueAt, cancellationToken);

    public async ValueTask<ResetCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) =>
        FromStored(await _store.FindOpenCaseAsync(accountId, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListReviewQueueAsync(after, pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListExpiredAsync(now, pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListApprovedAsync(pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListPurgeDueAsync(now, pageSize, cancellationToken).ConfigureAwait(false));

    /// <summary>The record as the store keeps it, columns the snapshot does not hold included (<see cref="StoredCase.PurgeAfter"/>).</summary>
    public Task<StoredCase?> LoadStoredAsync(CaseId id, CancellationToken cancellationToken) => _store.LoadAsync(id, cancellationToken);

    public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) =>
        _store.ReadEventsAsync(id, cancellationToken);

    private static ResetCase? FromStored(StoredCase? stored)
    {
        if (stored is null)
        {
            return null;
        }

        return SnapshotPayload.SnapshotOf(stored.Payload) is { } written
            ? CaseSnapshotSerializer.Matching(stored, written)
            : CaseSnapshotSerializer.FromStored(stored);
    }

    private static ResetCase[] FromStored(IReadOnlyList<StoredCase> page)
    {
        var cases = new ResetCase[page.Count];
        for (var i = 0; i < cases.Length; i++)
        {
            cases[i] = FromStored(page[i])!;
        }

        return cases;
    }
}
