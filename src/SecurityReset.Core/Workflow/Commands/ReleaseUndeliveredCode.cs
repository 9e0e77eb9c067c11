
namespace SecurityReset.Workflow.Commands;

/// <summary>
/// The system voids the live code of a destination because the messenger failed to deliver it: the code is
/// dropped, and neither the cooldown nor the send limit counts it, so the applicant can ask again at once.
/// </summary>
/// <param name="Target">The destination whose delivery failed.</param>
internal sealed record ReleaseUndeliveredCode(VerificationTarget Target) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.ReleaseUndeliveredCode;
}
