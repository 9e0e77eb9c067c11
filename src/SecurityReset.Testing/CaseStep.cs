using SecurityReset.Ports;

namespace SecurityReset.Testing;

/// <summary>
/// One accepted decision of a sample flow, as a store receives it: the case after the decision as the library
/// stores it, the version it was decided on (0 for the opening, which is an insert) and its events. Immutable and
/// thread-safe.
/// </summary>
/// <param name="Case">The case after the decision, as the library hands it to a store.</param>
/// <param name="ExpectedVersion">The version the decision was made on; 0 for the opening.</param>
/// <param name="Events">The events of the decision.</param>
public sealed record CaseStep(StoredCase Case, long ExpectedVersion, IReadOnlyList<CaseEvent> Events);
