using SecurityReset.Workflow;

namespace SecurityReset.Ports;

/// <summary>
/// A case as a store keeps it: the columns the store's queries need, and the snapshot as an opaque payload that
/// the library writes and reads back itself. A store keeps every value exactly as given (times as instants, the
/// payload byte for byte) and never interprets the payload. Immutable and thread-safe; two instances are equal
/// when their columns and their payload bytes are.
/// </summary>
/// <param name="Id">The case identifier: the key.</param>
/// <param name="AccountId">The account the case belongs to: at most one case in <see cref="OpenStates"/> per account.</param>
/// <param name="State">Where the case stands: filters the open case, the review queue, the expired and the approved cases.</param>
/// <param name="Version">The version, raised by one with every accepted command: the compare-and-swap token of a save.</param>
/// <param name="ExpiresAt">When the case expires: the end of its lifetime while unfinished, its review deadline once submitted. Orders the expired cases.</param>
/// <param name="SubmittedAt">When the case was last submitted: orders and pages the review queue (then <paramref name="Id"/>).</param>
/// <param name="DecidedAt">When the case was approved or rejected: orders the approved cases.</param>
/// <param name="Payload">The snapshot, in a form only the library reads. Store it as bytes (a BLOB or <c>bytea</c> column, say).</param>
public sealed record StoredCase(
    CaseId Id,
    string AccountId,
    CaseState State,
    long Version,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    ReadOnlyMemory<byte> Payload)
{
    /// <summary>
    /// The states in which a case counts as its account's one open case; a store enforces that an account has at
    /// most one case in these states (in SQL: a unique index on the account filtered on these states).
    /// </summary>
    public static IReadOnlyList<CaseState> OpenStates { get; } = CaseWorkflow.OpenStates;

    /// <summary>The states from which a case can expire: <see cref="IResetCaseStore.ListExpiredAsync"/> lists cases in these states only.</summary>
    public static IReadOnlyList<CaseState> ExpirableStates { get; } =
        [.. Enum.GetValues<CaseState>().Where(CaseWorkflow.CanExpire)];

    /// <summary>
    /// When the personal data of this ended case falls due for the purge, or <see langword="null"/> while the case is
    /// open and once it has been purged: <see cref="IResetCaseStore.ListPurgeDueAsync"/> lists cases by it. Kept as
    /// given, like the other columns.
    /// </summary>
    public DateTimeOffset? PurgeAfter { get; init; }

    /// <summary>Whether the case counts as its account's one open case (its state is one of <see cref="OpenStates"/>).</summary>
    public bool IsOpen => OpenStates.Contains(State);

    /// <summary>Whether the case can expire (its state is one of <see cref="ExpirableStates"/>).</summary>
    public bool IsExpirable => ExpirableStates.Contains(State);

    /// <summary>Whether two stored cases have equal columns (times as instants) and equal payload bytes.</summary>
    /// <param name="other">The other stored case.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(StoredCase? other) =>
        other is not null
        && Id == other.Id
        && string.Equals(AccountId, other.AccountId, StringComparison.Ordinal)
        && State == other.State
        && Version == other.Version
        && ExpiresAt == other.ExpiresAt
        && SubmittedAt == other.SubmittedAt
        && DecidedAt == other.DecidedAt
        && PurgeAfter == other.PurgeAfter
        && Payload.Span.SequenceEqual(other.Payload.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, AccountId, State, Version, ExpiresAt, SubmittedAt, DecidedAt, Payload.Length);
}
