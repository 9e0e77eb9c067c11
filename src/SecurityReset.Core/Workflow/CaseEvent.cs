
namespace SecurityReset.Ports;

/// <summary>
/// One entry of a case's audit trail: what happened, when, by whom, and the case version it produced.
/// The detail never holds a code, secret, contact or document number. Immutable and thread-safe.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Version">The case version after the change.</param>
/// <param name="Type">A stable event type, such as <c>case.opened</c> or <c>case.submitted</c>.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Detail">A short, non-personal detail (items, target, reason code, error code), or <see langword="null"/>.</param>
public sealed record CaseEvent(CaseId CaseId, long Version, string Type, DateTimeOffset OccurredAt, Actor Actor, string? Detail)
{
    /// <summary>
    /// The keyed seal that chains this event to the one before it in the case's trail (its key id, a colon, then a
    /// MAC over the previous event's seal and this event's fields), set by the service when it commits the event; a
    /// store keeps it as given. <see langword="null"/> for an event the service has not sealed.
    /// </summary>
    public string? Seal { get; init; }
}
