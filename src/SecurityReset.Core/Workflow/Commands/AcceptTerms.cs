namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant accepts the terms.</summary>
/// <param name="TermsVersion">The version of the terms shown.</param>
internal sealed record AcceptTerms(string TermsVersion) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.AcceptTerms;
}
