using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>A store decorator that forwards every call; subclasses override the calls they watch or break.</summary>
internal abstract class DelegatingStore(IResetCaseStore inner) : IResetCaseStore
{
    protected IResetCaseStore Inner { get; } = inner;

    public virtual Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) => Inner.LoadAsync(id, cancellationToken);

    public virtual Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken) => Inner.CommitAsync(commit, cancellationToken);

    public virtual Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken) => Inner.LoadGuardAsync(accountId, cancellationToken);

    public virtual Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.FindIdempotencyAsync(key, now, cancellationToken);

    public virtual Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken) =>
        Inner.ClaimMessagesAsync(claim, now, leaseUntil, batchSize, cancellationToken);

    public virtual Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken) => Inner.CompleteMessageAsync(messageId, claim, cancellationToken);

    public virtual Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        Inner.RetryMessageAsync(messageId, claim, dueAt, cancellationToken);

    public virtual Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) => Inner.FindOpenCaseAsync(accountId, cancellationToken);

    public virtual Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
        Inner.ListReviewQueueAsync(after, pageSize, cancellationToken);

    public virtual Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        Inner.ListExpiredAsync(now, pageSize, cancellationToken);

    public virtual Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) => Inner.ListApprovedAsync(pageSize, cancellationToken);

    public virtual Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        Inner.ListPurgeDueAsync(now, pageSize, cancellationToken);

    public virtual Task<IReadOnlyList<StoredCase>> ListCasesAsync(CaseId? after, int pageSize, CancellationToken cancellationToken) =>
        Inner.ListCasesAsync(after, pageSize, cancellationToken);

    public virtual Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken) =>
        Inner.ListMessagesAsync(caseIds, cancellationToken);

    public virtual Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) => Inner.ReadEventsAsync(id, cancellationToken);
}
