using SecurityReset.Cases;
using SecurityReset.Workflow;

namespace SecurityReset.Ports;

/// <summary>
/// Where cases and their audit trails live. Implementations must be thread-safe and must make
/// <see cref="SaveAsync"/> a compare-and-swap on <see cref="ResetCase.Version"/>: a conflict is reported, never
/// overwritten. The store enforces one open case per account (<see cref="InsertAsync"/>).
/// </summary>
public interface IResetCaseStore
{
    /// <summary>Loads a case, or <see langword="null"/> when none has that id.</summary>
    /// <param name="id">The case id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case with its version.</returns>
    Task<ResetCase?> LoadAsync(CaseId id, CancellationToken cancellationToken);

    /// <summary>Inserts a new case and its first events, unless the account already has an open case.</summary>
    /// <param name="resetCase">The new case.</param>
    /// <param name="events">Its events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="StoreWriteResult.Written"/>, or <see cref="StoreWriteResult.AccountHasOpenCase"/>.</returns>
    Task<StoreWriteResult> InsertAsync(ResetCase resetCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken);

    /// <summary>Replaces a case when its stored version is still <paramref name="expectedVersion"/>, and appends the events.</summary>
    /// <param name="resetCase">The new snapshot (its version is <paramref name="expectedVersion"/> + 1).</param>
    /// <param name="expectedVersion">The version the decision was made on.</param>
    /// <param name="events">The events of the decision.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="StoreWriteResult.Written"/>, or <see cref="StoreWriteResult.VersionConflict"/>.</returns>
    Task<StoreWriteResult> SaveAsync(ResetCase resetCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken);

    /// <summary>The open case of an account, or <see langword="null"/>.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open case.</returns>
    Task<ResetCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>A page of the review queue: submitted cases, oldest submission first.</summary>
    /// <param name="after">Where the previous page ended, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<IReadOnlyList<ResetCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken);

    /// <summary>Cases in a state that can expire whose expiry time is at or before <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cases.</returns>
    Task<IReadOnlyList<ResetCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken);

    /// <summary>Approved cases whose reset has not been applied yet.</summary>
    /// <param name="pageSize">The most cases to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cases.</returns>
    Task<IReadOnlyList<ResetCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken);

    /// <summary>The audit trail of a case, in version order.</summary>
    /// <param name="id">The case id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken);
}
