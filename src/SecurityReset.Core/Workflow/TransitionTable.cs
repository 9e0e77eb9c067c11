using SecurityReset.Cases;
using Stateless.Reflection;

namespace SecurityReset.Workflow;

/// <summary>
/// The Stateless configuration compiled to arrays: for each (state, trigger) the destinations it may lead to.
/// Built once from <see cref="StateMachineInfo"/>, so the Stateless configuration stays the single source of
/// transitions while a decision costs two array reads instead of building and firing a machine.
/// </summary>
internal sealed class TransitionTable
{
    private static readonly int StateCount = Enum.GetValues<CaseState>().Length;
    private static readonly int TriggerCount = Enum.GetValues<CaseTrigger>().Length;

    // destinations[state, trigger] is a bit set of destination states; 0 means the pair is not listed.
    private readonly int[] _destinations = new int[StateCount * TriggerCount];
    private readonly CaseTrigger[][] _triggers = new CaseTrigger[StateCount][];

    private TransitionTable()
    {
    }

    public static TransitionTable From(StateMachineInfo info)
    {
        var table = new TransitionTable();
        foreach (var state in info.States)
        {
            var from = (CaseState)state.UnderlyingState;
            var triggers = new List<CaseTrigger>();
            foreach (var fixedTransition in state.FixedTransitions)
            {
                var trigger = (CaseTrigger)fixedTransition.Trigger.UnderlyingTrigger;
                table.Add(from, trigger, (CaseState)fixedTransition.DestinationState.UnderlyingState, triggers);
            }

            foreach (var dynamicTransition in state.DynamicTransitions)
            {
                var trigger = (CaseTrigger)dynamicTransition.Trigger.UnderlyingTrigger;
                foreach (var choice in dynamicTransition.PossibleDestinationStates)
                {
                    table.Add(from, trigger, Enum.Parse<CaseState>(choice.DestinationState), triggers);
                }
            }

            table._triggers[(int)from] = [.. triggers];
        }

        return table;
    }

    public bool IsListed(CaseState state, CaseTrigger trigger) => _destinations[Index(state, trigger)] != 0;

    public bool Leads(CaseState state, CaseTrigger trigger, CaseState destination) =>
        (_destinations[Index(state, trigger)] & (1 << (int)destination)) != 0;

    public IReadOnlyList<CaseTrigger> TriggersOf(CaseState state) => _triggers[(int)state] ?? [];

    private static int Index(CaseState state, CaseTrigger trigger) => ((int)state * TriggerCount) + (int)trigger;

    private void Add(CaseState from, CaseTrigger trigger, CaseState to, List<CaseTrigger> triggers)
    {
        if (!triggers.Contains(trigger))
        {
            triggers.Add(trigger);
        }

        _destinations[Index(from, trigger)] |= 1 << (int)to;
    }
}
