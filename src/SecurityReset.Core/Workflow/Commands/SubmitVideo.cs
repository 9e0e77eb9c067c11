
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant uploads the verification video with its declared statement.</summary>
/// <param name="VendorCheckPassed">The identity vendor's automated video check; <see langword="null"/> when it does not check.</param>
/// <param name="Video">The video.</param>
/// <param name="Contacts">The statement's email and phone as fingerprints (the service computes them); none when <see langword="null"/>.</param>
internal sealed record SubmitVideo(VerificationVideo Video, bool? VendorCheckPassed = null, StatementContacts? Contacts = null) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.SubmitVideo;
}
