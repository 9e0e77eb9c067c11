namespace SecurityReset.Workflow.Commands;

/// <summary>The system expires a case left unfinished past its lifetime.</summary>
internal sealed record Expire : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.Expire;
}
