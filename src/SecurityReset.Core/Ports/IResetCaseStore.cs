
namespace SecurityReset.Ports;

/// <summary>
/// Where cases and their audit trails live. A case arrives as a <see cref="StoredCase"/>: a few columns to index
/// and query, and an opaque payload the library alone reads; a store keeps both exactly as given. Implementations
/// must be thread-safe and must make <see cref="SaveAsync"/> a compare-and-swap on <see cref="StoredCase.Version"/>:
/// a conflict is reported, never overwritten. The store enforces one open case per account
/// (<see cref="StoredCase.OpenStates"/>, <see cref="InsertAsync"/>). The conformance suite in the
/// SecurityReset.Testing package checks all of it.
/// </summary>
public interface IResetCaseStore
{
    /// <summary>Loads a case, or <see langword="null"/> when none has that id.</summary>
    /// <param name="id">The case id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case as it was last written.</returns>
    Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a new case and its first events, unless a case with its id exists or, for a case in one of
    /// <see cref="StoredCase.OpenStates"/>, the account already has an open case.
    /// </summary>
    /// <param name="storedCase">The new case.</param>
    /// <param name="events">Its events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="StoreWriteResult.Written"/>; <see cref="StoreWriteResult.VersionConflict"/> when the id exists;
    /// <see cref="StoreWriteResult.AccountHasOpenCase"/> when the account has an open case.
    /// </returns>
    Task<StoreWriteResult> InsertAsync(StoredCase storedCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a case (every column and the payload) when its stored version is still
    /// <paramref name="expectedVersion"/>, and appends the events, all or nothing.
    /// </summary>
    /// <param name="storedCase">The new case (its version is <paramref name="expectedVersion"/> + 1).</param>
    /// <param name="expectedVersion">The version the decision was made on.</param>
    /// <param name="events">The events of the decision.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="StoreWriteResult.Written"/>, or <see cref="StoreWriteResult.VersionConflict"/>.</returns>
    Task<StoreWriteResult> SaveAsync(StoredCase storedCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken);

    /// <summary>The open case of an account (its state is one of <see cref="StoredCase.OpenStates"/>), or <see langword="null"/>.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open case.</returns>
    Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the review queue: cases in <see cref="CaseState.Submitted"/>, ordered by
    /// <see cref="StoredCase.SubmittedAt"/> as an instant, then by id (<see cref="Guid.CompareTo(Guid)"/> order).
    /// </summary>
    /// <param name="after">Where the previous page ended (only cases after it), or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Cases in one of <see cref="StoredCase.ExpirableStates"/> whose <see cref="StoredCase.ExpiresAt"/> is at or
    /// before <paramref name="now"/>, earliest expiry first.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cases.</returns>
    Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken);

    /// <summary>Cases in <see cref="CaseState.Approved"/> (the reset is not applied yet), earliest <see cref="StoredCase.DecidedAt"/> first.</summary>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cases.</returns>
    Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken);

    /// <summary>The audit trail of a case, in the order written (version order).</summary>
    /// <param name="id">The case id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken);
}
