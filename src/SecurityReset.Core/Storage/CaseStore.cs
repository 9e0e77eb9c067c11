using System.Runtime.CompilerServices;
using SecurityReset.Cases;
using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset.Storage;

/// <summary>
/// The service's side of <see cref="IResetCaseStore"/>: snapshots in, snapshots out, converted to and from
/// <see cref="StoredCase"/> at the port. A record this class wrote or already read is not read again while it is
/// alive: a store that hands back the very record it was given (the in-memory one) costs no deserialization; a
/// database store returns new records, which are read. Thread-safe when the store is.
/// </summary>
internal sealed class CaseStore(IResetCaseStore store)
{
    private readonly IResetCaseStore _store = store ?? throw new ArgumentNullException(nameof(store));

    // Keyed by the record's identity, not its value; an entry lives as long as its record.
    private readonly ConditionalWeakTable<StoredCase, ResetCase> _read = new();

    public async ValueTask<ResetCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) =>
        FromStored(await _store.LoadAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The record to write for a snapshot: its payload is serialized here, once; the record is then given to
    /// <see cref="InsertAsync"/> or <see cref="SaveAsync"/>, and to <see cref="HoldsAsync"/> if the write's outcome is unknown.
    /// </summary>
    public StoredCase ToStored(ResetCase resetCase)
    {
        var stored = CaseSnapshotSerializer.ToStored(resetCase);
        _read.AddOrUpdate(stored, resetCase);
        return stored;
    }

    public Task<StoreWriteResult> InsertAsync(StoredCase storedCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        _store.InsertAsync(storedCase, events, cancellationToken);

    public Task<StoreWriteResult> SaveAsync(StoredCase storedCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        _store.SaveAsync(storedCase, expectedVersion, events, cancellationToken);

    public async ValueTask<ResetCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) =>
        FromStored(await _store.FindOpenCaseAsync(accountId, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListReviewQueueAsync(after, pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListExpiredAsync(now, pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) =>
        FromStored(await _store.ListApprovedAsync(pageSize, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) =>
        _store.ReadEventsAsync(id, cancellationToken);

    /// <summary>
    /// Whether the store holds exactly <paramref name="written"/> (a record from <see cref="ToStored"/>): the same
    /// version and the same payload bytes, compared with the payload already written, not serialized again.
    /// </summary>
    public async ValueTask<bool> HoldsAsync(StoredCase written, CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(written.Id, cancellationToken).ConfigureAwait(false);
        return stored is not null && (ReferenceEquals(stored, written)
            || (stored.Version == written.Version && stored.Payload.Span.SequenceEqual(written.Payload.Span)));
    }

    private ResetCase? FromStored(StoredCase? stored)
    {
        if (stored is null)
        {
            return null;
        }

        if (_read.TryGetValue(stored, out var known))
        {
            return known;
        }

        var snapshot = CaseSnapshotSerializer.FromStored(stored);
        _read.AddOrUpdate(stored, snapshot);
        return snapshot;
    }

    private ResetCase[] FromStored(IReadOnlyList<StoredCase> page)
    {
        var cases = new ResetCase[page.Count];
        for (var i = 0; i < cases.Length; i++)
        {
            cases[i] = FromStored(page[i])!;
        }

        return cases;
    }
}
