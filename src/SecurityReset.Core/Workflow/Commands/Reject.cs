namespace SecurityReset.Workflow.Commands;

/// <summary>The claiming reviewer rejects the case.</summary>
/// <param name="ReasonCode">The reason code (1–64 of a–z, 0–9, '.', '_', '-').</param>
internal sealed record Reject(string ReasonCode) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Reject;
}
