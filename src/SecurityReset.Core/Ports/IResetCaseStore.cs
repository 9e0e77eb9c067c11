
namespace SecurityReset.Ports;

/// <summary>
/// Where cases and their audit trails live. A case arrives as a <see cref="StoredCase"/>: a few columns to index
/// and query, and an opaque payload the library alone reads; a store keeps both exactly as given. Implementations
/// must be thread-safe and must make <see cref="CommitAsync"/> one transaction: a compare-and-swap on the case's and the
/// account guard's versions, reported, never overwritten. The store enforces one open case per account
/// (<see cref="StoredCase.OpenStates"/>). It also keeps the account guards, the idempotency records and the outbox. The conformance suite in the
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
    /// Commits one command, all or nothing: inserts the case (<see cref="CaseCommit.IsInsert"/>) or replaces it when
    /// its stored version is still <see cref="CaseCommit.ExpectedVersion"/>; appends its events; stores the account
    /// guard when its stored version is still one less than the new one; adds the idempotency record; removes the settled
    /// outbox messages, then adds the new ones (so a commit may replace a message under its own id). A store that cannot tell whether the commit happened (a time-out
    /// after the commit, say) throws: the library never guesses, and a retry with the same idempotency key is
    /// answered from what was committed.
    /// </summary>
    /// <param name="commit">What to commit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="StoreWriteResult.Written"/>; <see cref="StoreWriteResult.VersionConflict"/> when the case or the guard
    /// moved on (or an inserted case's id exists); <see cref="StoreWriteResult.AccountHasOpenCase"/> when an inserted
    /// open case meets another open case of its account; <see cref="StoreWriteResult.IdempotencyKeyTaken"/> when the
    /// idempotency key is taken. Nothing is written unless it is <see cref="StoreWriteResult.Written"/>.
    /// </returns>
    Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken);

    /// <summary>The guard of an account, or <see langword="null"/> when none was stored.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The guard as last committed.</returns>
    Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The idempotency record with a key, or <see langword="null"/> when there is none or it expired at <paramref name="now"/>.</summary>
    /// <param name="key">The scoped key.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record.</returns>
    Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> outbox messages whose <see cref="OutboxMessage.DueAt"/> is at or
    /// before <paramref name="now"/>, earliest first (then by id): each gets <paramref name="claim"/> as its holder,
    /// <paramref name="leaseUntil"/> as its due time and one more attempt. Two claims never get the same message
    /// while its lease runs, also from several processes.
    /// </summary>
    /// <param name="claim">The claim's token.</param>
    /// <param name="now">The current time.</param>
    /// <param name="leaseUntil">Until when the claim holds (a crashed dispatcher's messages come back then).</param>
    /// <param name="batchSize">The most messages to claim.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed messages as they are after the claim.</returns>
    Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken);

    /// <summary>Removes a delivered message, if <paramref name="claim"/> still holds it.</summary>
    /// <param name="messageId">The message.</param>
    /// <param name="claim">The claim that delivered it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was removed.</returns>
    Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken);

    /// <summary>Releases a message whose delivery failed, due again at <paramref name="dueAt"/>, if <paramref name="claim"/> still holds it.</summary>
    /// <param name="messageId">The message.</param>
    /// <param name="claim">The claim that tried it.</param>
    /// <param name="dueAt">When to try again.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was released.</returns>
    Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken);

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

    /// <summary>
    /// Cases whose <see cref="StoredCase.PurgeAfter"/> is at or before <paramref name="now"/> (cases with none are never
    /// listed), earliest first, then by id.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cases.</returns>
    Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// A page of every stored case, whatever its state, ordered by id (<see cref="Guid.CompareTo(Guid)"/> order): for
    /// passes that visit each case once (re-sealing under a new key). A case inserted behind a page already read is
    /// not listed again in that pass.
    /// </summary>
    /// <param name="after">The id the previous page ended with (only cases after it), or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<IReadOnlyList<StoredCase>> ListCasesAsync(CaseId? after, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// The outbox messages of some cases that are not delivered nor given up yet, claimed or not, as stored (due time,
    /// attempts and payload), ordered by id.
    /// </summary>
    /// <param name="caseIds">The cases.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages.</returns>
    Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken);

    /// <summary>The audit trail of a case, in the order written (version order).</summary>
    /// <param name="id">The case id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken);
}
