using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using Stateless;

namespace SecurityReset.Benchmarks.Decide;

/// <summary>
/// The naive use of Stateless over the library's own workflow definition: for every command, configure a machine
/// from <see cref="CaseWorkflow.Configure"/> (the same transitions and guard objects the decider evaluates), then
/// fire the trigger with the command as its parameter. <see cref="Cached"/> configures once over external state
/// and only fires. Neither builds the new snapshot or its events: they answer the destination only.
/// </summary>
internal static class NaiveStatelessWorkflow
{
    /// <summary>Configures and fires a machine for one command; returns the state it ends in.</summary>
    public static CaseState Fire(CaseDecider decider, ResetCase current, CaseCommand command, Actor actor, DateTimeOffset now, byte[]? secret)
    {
        var state = current.State.ToString();
        var machine = CaseWorkflow.Configure(() => state, s => state = s);
        machine.Fire(Trigger(command.Trigger), new CommandContext(decider, current, command, command.Trigger, actor, now, secret));
        return Enum.Parse<CaseState>(state);
    }

    private static StateMachine<string, CaseTrigger>.TriggerWithParameters<CommandContext> Trigger(CaseTrigger trigger) => new(trigger);

    /// <summary>The machine configured once over an external state: only the firing runs per command.</summary>
    public sealed class Cached
    {
        private readonly StateMachine<string, CaseTrigger> _machine;
        private string _state = nameof(CaseState.SelectingItems);

        public Cached() => _machine = CaseWorkflow.Configure(() => _state, s => _state = s);

        public CaseState Fire(CaseDecider decider, ResetCase current, CaseCommand command, Actor actor, DateTimeOffset now, byte[]? secret)
        {
            _state = current.State.ToString();
            _machine.Fire(Trigger(command.Trigger), new CommandContext(decider, current, command, command.Trigger, actor, now, secret));
            return Enum.Parse<CaseState>(_state);
        }
    }
}
