using SecurityReset.Workflow.Definition;
using SecurityReset.Workflow.Steps;
using Stateless;
using MermaidGraph = Stateless.Graph.MermaidGraph;
using Stateless.Reflection;

namespace SecurityReset.Workflow;

/// <summary>
/// The workflow of a reset case, read top to bottom as the steps of the flow. Each transition declares its
/// trigger, who may fire it, its guards (named code with an error code each), where it may lead, its effect and
/// the side effects it asks for. The decider evaluates these rows; Stateless is configured from the same rows
/// and guard objects, so the exported diagram is the behaviour. Everything that asks "what may happen now" —
/// available actions, the face-scan offer, open and terminal states, expiry — reads it here. Thread-safe: built
/// once, then only read.
/// </summary>
internal static class CaseWorkflow
{
    private static readonly int TriggerCount = Enum.GetValues<CaseTrigger>().Length;

    /// <summary>Every transition, in the order of the flow.</summary>
    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        .. SelectItemsStep.Transitions,           // 1. select the unavailable items
        .. VerifyRemainingItemsStep.Transitions,  // 2. verify the remaining ones (or the face scan)
        .. QuestionnaireStep.Transitions,         // 3. account information questionnaire
        .. SupplementaryProofsStep.Transitions,   // 4. supplementary proof materials
        .. IdentityVerificationStep.Transitions,  // 5. personal information and identity verification
        .. SubmitStep.Transitions,                // 6. submit
        .. ReviewStep.Transitions,                // 7. review
        .. CompletionStep.Transitions,            // 8. completion
        .. LifecycleRules.Transitions,            // in every step: cancel, expire
        .. DisputeRules.Transitions,              // the owner's "this wasn't me", from a notice
    ];

    // [state * TriggerCount + trigger] → the transition declared for the pair; compiled once from the rows above.
    private static readonly Transition?[] Table = Compile(Transitions);

    private static readonly CaseTrigger[][] TriggersByState = [.. Enum.GetValues<CaseState>().Select(s => Enum.GetValues<CaseTrigger>().Where(t => Find(s, t) is not null).ToArray())];

    private static readonly Lazy<string> Diagram = new(() => MermaidGraph.Format(Configure(() => CaseState.SelectingItems.ToString()).GetInfo()));

    /// <summary>The transition declared for a trigger in a state, or <see langword="null"/> when none is.</summary>
    public static Transition? Find(CaseState state, CaseTrigger trigger)
    {
        var index = ((int)state * TriggerCount) + (int)trigger;
        return (uint)index < (uint)Table.Length ? Table[index] : null;
    }

    public static bool IsListed(CaseState state, CaseTrigger trigger) => Find(state, trigger) is not null;

    /// <summary>The triggers declared for a state, in trigger order.</summary>
    public static IReadOnlyList<CaseTrigger> TriggersOf(CaseState state) =>
        (uint)state < (uint)TriggersByState.Length ? TriggersByState[(int)state] : [];

    /// <summary>Whether a trigger may move a case from one state to another.</summary>
    public static bool Leads(CaseState from, CaseTrigger trigger, CaseState to) => Find(from, trigger)?.To.Allows(from, to) == true;

    /// <summary>
    /// Whether a case in this state expires when left too long: past its lifetime while the applicant has work to do,
    /// past its review deadline while it waits for the support team (<see cref="ResetCase.ExpiresAt"/> holds either).
    /// </summary>
    public static bool CanExpire(CaseState state) => CaseGroups.Unfinished.Contains(state) || CaseGroups.InReview.Contains(state);

    /// <summary>Whether nothing can happen to a case in this state any more.</summary>
    public static bool IsTerminal(CaseState state) => TriggersOf(state).Count == 0;

    /// <summary>The states of a case that is still open (not terminal), in state order.</summary>
    public static IReadOnlyList<CaseState> OpenStates { get; } = [.. Enum.GetValues<CaseState>().Where(s => !IsTerminal(s))];

    /// <summary>The definition as a Mermaid state diagram, drawn by Stateless from the configured guards.</summary>
    public static string ToMermaid() => Diagram.Value;

    /// <summary>
    /// Configures a Stateless machine from the definition, over external state (the case snapshot holds it).
    /// Every trigger takes the <see cref="CommandContext"/> as its parameter and every guard is the definition's own.
    /// </summary>
    /// <param name="state">Reads the current state (a <see cref="CaseState"/> name).</param>
    /// <param name="moved">Told the new state when the machine fires; nothing by default (the snapshot holds the state).</param>
    public static StateMachine<string, CaseTrigger> Configure(Func<string> state, Action<string>? moved = null)
    {
        var machine = new StateMachine<string, CaseTrigger>(state, moved ?? (_ => { }));
        var triggers = Enum.GetValues<CaseTrigger>().ToDictionary(t => t, machine.SetTriggerParameters<CommandContext>);

        foreach (var group in CaseGroups.All)
        {
            if (group.Parent is not null)
            {
                machine.Configure(group.Name).SubstateOf(group.Parent.Name);
            }
        }

        foreach (var caseState in Enum.GetValues<CaseState>())
        {
            var configuration = machine.Configure(caseState.ToString());
            if (CaseGroups.Of(caseState) is { } parent)
            {
                configuration.SubstateOf(parent.Name);
            }
        }

        foreach (var transition in Transitions)
        {
            var configuration = machine.Configure(transition.From.Name);
            var trigger = triggers[transition.Trigger];
            var guards = transition.Guards.Select(g => Tuple.Create<Func<CommandContext, bool>, string>(g.Holds, g.Description)).ToArray();
            if (transition.To.IsReentry)
            {
                configuration.PermitReentryIf(trigger, guards);
            }
            else if (transition.To.IsChoice)
            {
                var choices = new DynamicStateInfos();
                foreach (var (destination, criterion) in transition.To.Choices)
                {
                    choices.Add(destination.ToString(), criterion);
                }

                configuration.PermitDynamicIf(trigger, c => CaseDecider.Apply(transition, c).Case.State.ToString(), choices, guards);
            }
            else
            {
                configuration.PermitIf(trigger, transition.To.Choices[0].State.ToString(), guards);
            }
        }

        return machine;
    }

    /// <summary>The table of a definition: one transition per state and trigger, or none.</summary>
    /// <exception cref="InvalidOperationException">Two transitions are declared for the same state and trigger.</exception>
    internal static Transition?[] Compile(IReadOnlyList<Transition> transitions)
    {
        var table = new Transition?[Enum.GetValues<CaseState>().Length * TriggerCount];
        foreach (var transition in transitions)
        {
            foreach (var state in transition.From.States)
            {
                ref var slot = ref table[((int)state * TriggerCount) + (int)transition.Trigger];
                if (slot is not null)
                {
                    throw new InvalidOperationException($"Two transitions for {transition.Trigger} in {state}: guards would have to exclude each other.");
                }

                slot = transition;
            }
        }

        return table;
    }
}
