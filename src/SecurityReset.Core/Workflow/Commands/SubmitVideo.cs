using SecurityReset.Identity;

namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant uploads the verification video with its declared statement.</summary>
/// <param name="Video">The video.</param>
public sealed record SubmitVideo(VerificationVideo Video) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.SubmitVideo;
}
