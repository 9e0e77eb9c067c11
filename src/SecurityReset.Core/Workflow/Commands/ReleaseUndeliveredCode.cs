
namespace SecurityReset.Workflow.Commands;

/// <summary>
/// The system voids the live code of a destination because the outbox gave up delivering it: the code is
/// dropped, and neither the cooldown nor the send limit counts it, so the applicant can ask again at once.
/// </summary>
/// <param name="Target">The destination whose delivery failed.</param>
/// <param name="Code">The code that was not delivered: only that code is voided, never a later one.</param>
internal sealed record ReleaseUndeliveredCode(VerificationTarget Target, string Code) : CaseCommand
{
    /// <summary>Never shows the code.</summary>
    public override string ToString() => $"ReleaseUndeliveredCode {{ Target = {Target} }}";

    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.ReleaseUndeliveredCode;
}
