using SecurityReset.Cases;
using SecurityReset.Workflow;

namespace SecurityReset.Testing;

/// <summary>
/// One accepted decision of a sample flow, as a store receives it: the new snapshot, the version it was decided
/// on (0 for the opening, which is an insert) and its events. Immutable and thread-safe.
/// </summary>
/// <param name="Case">The snapshot after the decision.</param>
/// <param name="ExpectedVersion">The version the decision was made on; 0 for the opening.</param>
/// <param name="Events">The events of the decision.</param>
public sealed record CaseStep(ResetCase Case, long ExpectedVersion, IReadOnlyList<CaseEvent> Events);
