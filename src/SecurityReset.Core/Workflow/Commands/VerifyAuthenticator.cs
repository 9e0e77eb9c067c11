namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant enters the current code of the bound authenticator.</summary>
/// <param name="Code">The code as typed.</param>
internal sealed record VerifyAuthenticator(string Code) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.VerifyAuthenticator;

    /// <summary>Never shows the code.</summary>
    /// <returns>The command without its code.</returns>
    public override string ToString() => "VerifyAuthenticator";
}
