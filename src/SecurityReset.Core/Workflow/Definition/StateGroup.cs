
namespace SecurityReset.Workflow.Definition;

/// <summary>
/// The states a transition is declared for: one state, or a named group that Stateless configures as a
/// superstate (<c>SubstateOf</c>), so a transition shared by many states is declared once.
/// </summary>
internal sealed class StateGroup
{
    private StateGroup(string name, IReadOnlyList<CaseState> states, StateGroup? parent)
    {
        Name = name;
        States = states;
        Parent = parent;
    }

    public string Name { get; }

    public IReadOnlyList<CaseState> States { get; }

    /// <summary>The group this one is a part of, if any.</summary>
    public StateGroup? Parent { get; }

    public static StateGroup Of(CaseState state) => new(state.ToString(), [state], null);

    public static StateGroup Named(string name, StateGroup? parent, params CaseState[] states) => new(name, states, parent);

    public bool Contains(CaseState state) => States.Contains(state);

    public override string ToString() => Name;
}
