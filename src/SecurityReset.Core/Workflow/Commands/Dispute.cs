namespace SecurityReset.Workflow.Commands;

/// <summary>The owner disputes the case with a "this wasn't me" token a notice carried.</summary>
/// <param name="TokenHash">The keyed hash of the token shown (never the token).</param>
/// <param name="Reason">What the disputer wrote.</param>
internal sealed record Dispute(string TokenHash, string Reason) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Dispute;

    /// <summary>Never shows the disputer's words, which may be personal.</summary>
    /// <returns>The command without its fields.</returns>
    public override string ToString() => "Dispute { … }";
}
