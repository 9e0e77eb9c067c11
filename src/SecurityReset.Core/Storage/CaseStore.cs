using SecurityReset.Cases;
using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset.Storage;

/// <summary>
/// The service's side of <see cref="IResetCaseStore"/>: snapshots in, snapshots out, converted to and from
/// <see cref="StoredCase"/> at the port. Thread-safe when the store is.
/// </summary>
internal sealed class CaseStore(IResetCaseStore store)
{
    private readonly IResetCaseStore _store = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<ResetCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) =>
        FromStored(await _store.LoadAsync(id, cancellationToken).ConfigureAwait(false));

    public Task<StoreWriteResult> InsertAsync(ResetCase resetCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        _store.InsertAsync(CaseSnapshotSerializer.ToStored(resetCase), events, cancellationToken);

    public Task<StoreWriteResult> SaveAsync(ResetCase resetCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        _store.SaveAsync(CaseSnapshotSerializer.ToStored(resetCase), expectedVersion, events, cancellationToken);

    public async Task<ResetCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) =>
        FromStored(await _store.FindOpenCaseAsync(accountId, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListReviewQueueAsync(after, pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListExpiredAsync(now, pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListApprovedAsync(pageSize, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) =>
        _store.ReadEventsAsync(id, cancellationToken);

    /// <summary>Whether the store holds exactly <paramref name="written"/>: the same version and the same payload bytes.</summary>
    public async Task<bool> HoldsAsync(ResetCase written, CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(written.Id, cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.Version == written.Version
            && stored.Payload.Span.SequenceEqual(CaseSnapshotSerializer.Serialize(written));
    }

    private static ResetCase? FromStored(StoredCase? stored) => stored is null ? null : CaseSnapshotSerializer.FromStored(stored);

    private static ResetCase[] FromStored(IReadOnlyList<StoredCase> page)
    {
        var cases = new ResetCase[page.Count];
        for (var i = 0; i < cases.Length; i++)
        {
            cases[i] = CaseSnapshotSerializer.FromStored(page[i]);
        }

        return cases;
    }
}
