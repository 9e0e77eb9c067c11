namespace SecurityReset;

/// <summary>What a "this wasn't me" did. Immutable.</summary>
/// <param name="ReceivedAt">When the dispute was recorded.</param>
/// <param name="ResetHeld">
/// Whether an approved reset was held and the case sent back to review; otherwise the case was flagged for the
/// reviewer as it stands.
/// </param>
public sealed record DisputeReceipt(DateTimeOffset ReceivedAt, bool ResetHeld);
