namespace SecurityReset.Workflow.Commands;

/// <summary>The claiming reviewer approves the case.</summary>
internal sealed record Approve : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Approve;
}
