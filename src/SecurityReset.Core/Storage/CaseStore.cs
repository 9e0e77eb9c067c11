using SecurityReset.Ports;

namespace SecurityReset.Storage;

/// <summary>
/// The service's side of <see cref="IResetCaseStore"/>: snapshots in, snapshots out, converted to and from
/// <see cref="StoredCase"/> at the port. A record this class wrote carries its snapshot in its payload
/// (<see cref="SnapshotPayload"/>): a store that hands back the very payload it was given (the in-memory one) costs no
/// deserialization; a database store returns new bytes, whose MAC is checked (<see cref="SnapshotSeal"/>) before they
/// are read. Either way the columns must match the snapshot. A record that fails any of it is quarantined: a load
/// throws <see cref="QuarantinedCaseException"/>, and a listing leaves the record out and reports it to
/// <c>skipped</c>, so one bad row never stops a queue. Thread-safe when the store is.
/// </summary>
internal sealed class CaseStore(IResetCaseStore store, SnapshotSeal seal, Action<CaseId, string> skipped)
{
    private readonly IResetCaseStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>A case, or <see langword="null"/> when none has the id.</summary>
    /// <exception cref="QuarantinedCaseException">The stored case does not read or verify.</exception>
    public async ValueTask<ResetCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) =>
        FromStored(await _store.LoadAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The record to write for a snapshot: its sealed payload is measured here and written once, when a store first
    /// reads it (the in-memory store never does); the record goes to the store in a <see cref="CaseCommit"/>, with the time
    /// after which it may be purged.
    /// </summary>
    public StoredCase ToStored(ResetCase resetCase, DateTimeOffset? purgeAfter = null) => CaseSnapshotSerializer.ToStored(resetCase, SnapshotPayload.Of(resetCase, seal), purgeAfter);

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

    /// <summary>
    /// The open case of an account as its record: the columns are what the store indexes, so an account whose open case
    /// is quarantined can still be handled (<see cref="Read"/> tells whether the payload verifies).
    /// </summary>
    public Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) =>
        _store.FindOpenCaseAsync(accountId, cancellationToken);

    /// <summary>The snapshot of a record, or the reason it is quarantined.</summary>
    public (ResetCase? Case, string? Quarantined) Read(StoredCase stored)
    {
        try
        {
            return (FromStored(stored), null);
        }
        catch (QuarantinedCaseException ex)
        {
            return (null, ex.Reason);
        }
    }

    /// <summary>A page of the review queue: the cases that verify, where the page ended (quarantined records included), and how many records it read.</summary>
    public async Task<(IReadOnlyList<ResetCase> Cases, ReviewQueueCursor? Last, int Read)> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var page = await _store.ListReviewQueueAsync(after, pageSize, cancellationToken).ConfigureAwait(false);
        var last = page.Count == 0 ? null : new ReviewQueueCursor(page[^1].SubmittedAt ?? DateTimeOffset.MinValue, page[^1].Id);
        return (Readable(page), last, page.Count);
    }

    /// <summary>
    /// The rows past their lifetime or review deadline, as stored: the expiry reads each by id, and ends one that does
    /// not read by its columns, so no unreadable row is left to come back first on every page.
    /// </summary>
    public Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        _store.ListExpiredAsync(now, pageSize, cancellationToken);

    public async Task<IReadOnlyList<ResetCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) =>
        Readable(await _store.ListApprovedAsync(pageSize, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<ResetCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        Readable(await _store.ListPurgeDueAsync(now, pageSize, cancellationToken).ConfigureAwait(false));

    /// <summary>The record as the store keeps it, columns the snapshot does not hold included (<see cref="StoredCase.PurgeAfter"/>).</summary>
    public Task<StoredCase?> LoadStoredAsync(CaseId id, CancellationToken cancellationToken) => _store.LoadAsync(id, cancellationToken);

    /// <summary>A page of every stored case as its record: the caller reads each (<see cref="Read"/>), quarantined ones included.</summary>
    public Task<IReadOnlyList<StoredCase>> ListCasesAsync(CaseId? after, int pageSize, CancellationToken cancellationToken) =>
        _store.ListCasesAsync(after, pageSize, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken) =>
        _store.ListMessagesAsync(caseIds, cancellationToken);

    public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) =>
        _store.ReadEventsAsync(id, cancellationToken);

    private ResetCase? FromStored(StoredCase? stored)
    {
        if (stored is null)
        {
            return null;
        }

        if (SnapshotPayload.SnapshotOf(stored.Payload) is { } written)
        {
            return Matching(stored, written);
        }

        if (!seal.TryOpen(stored.Payload.Span, out var snapshot, out var reason))
        {
            throw new QuarantinedCaseException(stored.Id, reason);
        }

        ResetCase read;
        try
        {
            read = SnapshotBinaryFormat.Read(snapshot);
        }
        catch (InvalidDataException)
        {
            // Sealed by a key this deployment holds, yet not a snapshot: written by a defect, never by an edit.
            throw new QuarantinedCaseException(stored.Id, "its sealed snapshot does not read");
        }

        return Matching(stored, read);
    }

    private static ResetCase Matching(StoredCase stored, ResetCase snapshot)
    {
        try
        {
            return CaseSnapshotSerializer.Matching(stored, snapshot);
        }
        catch (InvalidDataException)
        {
            throw new QuarantinedCaseException(stored.Id, "its columns do not match its snapshot");
        }
    }

    private ResetCase[] Readable(IReadOnlyList<StoredCase> page)
    {
        var cases = new List<ResetCase>(page.Count);
        foreach (var stored in page)
        {
            var (found, reason) = Read(stored);
            if (found is not null)
            {
                cases.Add(found);
            }
            else
            {
                skipped(stored.Id, reason!);
            }
        }

        return [.. cases];
    }
}
