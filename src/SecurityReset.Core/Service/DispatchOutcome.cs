namespace SecurityReset;

/// <summary>What one outbox dispatch pass did: a pass that keeps claiming messages and settling none is stuck. Immutable.</summary>
/// <param name="Claimed">How many due messages the pass claimed.</param>
/// <param name="Settled">How many of them settled (delivered, or given up after their last try); the others will be tried again.</param>
public sealed record DispatchOutcome(int Claimed, int Settled);
