namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant cancels the case before a decision.</summary>
public sealed record Cancel : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Cancel;
}
