using SecurityReset.Identity;

namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant uploads the front of the ID document.</summary>
/// <param name="Document">The document.</param>
public sealed record SubmitDocument(IdentityDocument Document) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.SubmitDocument;
}
