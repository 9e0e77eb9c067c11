namespace SecurityReset.Workflow.Commands;

/// <summary>The system ends an open case because the account's owner opened their own.</summary>
internal sealed record Supersede : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Supersede;
}
