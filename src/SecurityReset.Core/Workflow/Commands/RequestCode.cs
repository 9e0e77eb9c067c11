
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant asks for a code to a bound contact, or to the new contact.</summary>
/// <param name="Target">Where to send it.</param>
internal sealed record RequestCode(VerificationTarget Target) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.RequestCode;
}
