
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant enters a code received at a destination.</summary>
/// <param name="Target">Where the code was sent.</param>
/// <param name="Code">The code as typed.</param>
internal sealed record VerifyCode(VerificationTarget Target, string Code) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.VerifyCode;

    /// <summary>Never shows the code.</summary>
    /// <returns>The command without its code.</returns>
    public override string ToString() => $"VerifyCode {{ Target = {Target} }}";
}
