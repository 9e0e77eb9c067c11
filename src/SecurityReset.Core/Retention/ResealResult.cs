namespace SecurityReset;

/// <summary>What one batch of <see cref="SecurityResetService.ResealAsync"/> did. Immutable.</summary>
/// <param name="Scanned">How many stored cases the batch looked at.</param>
/// <param name="Resealed">How many of them it committed sealed under the current key, with a <c>case.resealed</c> checkpoint on their trail.</param>
/// <param name="MessagesResealed">How many pending outbox messages of those cases it sealed again under the current key.</param>
/// <param name="Quarantined">
/// How many it left alone because they do not verify (quarantined, a trail that does not hold, or a sealed contact no
/// configured key opens): they still need an operator, whatever the keys.
/// </param>
/// <param name="Left">How many still need a previous key because they kept changing during the batch: the next pass takes them.</param>
/// <param name="Next">Where the next batch starts (pass it back); <see langword="null"/> when the batch reached the last case.</param>
public sealed record ResealResult(int Scanned, int Resealed, int MessagesResealed, int Quarantined, int Left, CaseId? Next);
