namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant cancels the case before a decision.</summary>
internal sealed record Cancel : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Cancel;
}
