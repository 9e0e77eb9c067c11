namespace SecurityReset.Workflow.Commands;

/// <summary>A request to change a case. Each command names the trigger the transition table knows it by. Immutable.</summary>
internal abstract record CaseCommand
{
    /// <summary>The trigger of this command in <see cref="CaseWorkflow"/>.</summary>
    public abstract CaseTrigger Trigger { get; }
}
