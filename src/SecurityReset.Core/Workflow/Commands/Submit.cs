namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant submits, or resubmits after amending, the case for review.</summary>
internal sealed record Submit : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Submit;
}
