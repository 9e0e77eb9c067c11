namespace SecurityReset.Workflow.Commands;

/// <summary>The system starts applying the approved reset: disputes stop holding it from this commit on.</summary>
internal sealed record BeginReset : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.BeginReset;
}
