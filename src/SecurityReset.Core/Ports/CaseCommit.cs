namespace SecurityReset.Ports;

/// <summary>
/// Everything one command changes, committed by <see cref="IResetCaseStore.CommitAsync"/> all together or not at
/// all: the case, its events, the account guard, the idempotency record and the outbox messages. Immutable.
/// </summary>
/// <param name="Case">The case as the command leaves it (its version is <paramref name="ExpectedVersion"/> + 1).</param>
/// <param name="ExpectedVersion">
/// The stored version the command was decided on (compare-and-swap), or 0 for a new case, which is inserted.
/// </param>
/// <param name="Events">The audit events the command appends.</param>
/// <param name="Guard">
/// The account guard as the command leaves it, or <see langword="null"/> when the command does not touch it; its
/// stored version must still be <see cref="AccountGuard.Version"/> − 1 (0: none stored yet).
/// </param>
/// <param name="Idempotency">
/// The idempotency record to add, or <see langword="null"/>; a record with the same key that has not expired at
/// <paramref name="CommittedAt"/> makes the commit fail with <see cref="StoreWriteResult.IdempotencyKeyTaken"/>.
/// </param>
/// <param name="Messages">The outbox messages to add, to be delivered once the commit stands.</param>
/// <param name="Settled">Outbox messages this commit settles: they are removed, before <paramref name="Messages"/> are added (a message re-sealed under a new key keeps its id).</param>
/// <param name="CommittedAt">When the command was decided.</param>
public sealed record CaseCommit(
    StoredCase Case,
    long ExpectedVersion,
    IReadOnlyList<CaseEvent> Events,
    AccountGuard? Guard,
    IdempotencyRecord? Idempotency,
    IReadOnlyList<OutboxMessage> Messages,
    IReadOnlyList<Guid> Settled,
    DateTimeOffset CommittedAt)
{
    /// <summary>Whether the commit inserts a new case rather than replacing one.</summary>
    public bool IsInsert => ExpectedVersion == 0;
}
