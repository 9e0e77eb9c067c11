namespace SecurityReset.Workflow.Commands;

/// <summary>The system ends an open case because an open of the account's owner came in.</summary>
/// <param name="BySignedInOwner">
/// Whether the host signed the opener in: such an open supersedes any case; a signed-out open only one that has proven
/// no factor bound to the account.
/// </param>
internal sealed record Supersede(bool BySignedInOwner) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Supersede;
}
