
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant uploads the front of the ID document.</summary>
/// <param name="KycVendorConfirms">What the identity vendor answered when asked whether this is the account's KYC document; <see langword="null"/> when it was not asked.</param>
/// <param name="Document">The document.</param>
internal sealed record SubmitDocument(IdentityDocument Document, bool? KycVendorConfirms = null) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.SubmitDocument;
}
