
namespace SecurityReset.Workflow.Definition;

/// <summary>
/// Where a transition may lead: one fixed state, back to the state it left, or a choice among states made by
/// the transition's effect, each with the criterion the diagram shows. The decider refuses to move anywhere else.
/// </summary>
internal sealed class Destinations
{
    private readonly int _mask;

    private Destinations(bool reentry, IReadOnlyList<(CaseState State, string Criterion)> choices)
    {
        IsReentry = reentry;
        Choices = choices;
        foreach (var (state, _) in choices)
        {
            _mask |= 1 << (int)state;
        }
    }

    /// <summary>The transition stays in the state it left.</summary>
    public bool IsReentry { get; }

    /// <summary>The possible destinations with their criteria; one entry without a criterion for a fixed move.</summary>
    public IReadOnlyList<(CaseState State, string Criterion)> Choices { get; }

    /// <summary>Whether the effect picks among several states.</summary>
    public bool IsChoice => Choices.Count > 1;

    public static Destinations Stay { get; } = new(reentry: true, []);

    public static Destinations To(CaseState state) => new(reentry: false, [(state, string.Empty)]);

    public static Destinations OneOf(params (CaseState State, string Criterion)[] choices) => new(reentry: false, choices);

    /// <summary>Whether a move from <paramref name="from"/> to <paramref name="to"/> is one of these.</summary>
    public bool Allows(CaseState from, CaseState to) => IsReentry ? from == to : (_mask & (1 << (int)to)) != 0;
}
