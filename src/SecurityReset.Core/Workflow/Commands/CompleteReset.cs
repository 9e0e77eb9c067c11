namespace SecurityReset.Workflow.Commands;

/// <summary>The system records that the approved reset was applied.</summary>
internal sealed record CompleteReset : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.CompleteReset;
}
