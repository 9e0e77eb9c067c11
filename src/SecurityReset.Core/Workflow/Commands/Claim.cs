namespace SecurityReset.Workflow.Commands;

/// <summary>A reviewer claims a submitted case.</summary>
internal sealed record Claim : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Claim;
}
