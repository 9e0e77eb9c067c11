
namespace SecurityReset.Workflow.Definition;

/// <summary>
/// One row of the workflow definition: the trigger, the states it is declared for, who may fire it, its guards,
/// where it may lead, its pure effect on the snapshot and the side effects it asks for. Immutable, thread-safe.
/// </summary>
internal sealed class Transition
{
    public Transition(
        StateGroup from,
        CaseTrigger trigger,
        Who who,
        IReadOnlyList<Guard> guards,
        Destinations to,
        Func<CommandContext, Decision> effect,
        SideEffects asks = SideEffects.None)
    {
        From = from;
        Trigger = trigger;
        Who = who;
        To = to;
        Effect = effect;
        Asks = asks;

        // Who comes first, then the expiry (a case past its lifetime or review deadline only takes its expiry), then the rules.
        var all = new List<Guard> { who.Guard };
        if (trigger != CaseTrigger.Expire && from.States.Any(CaseWorkflow.CanExpire))
        {
            all.Add(BeforeExpiry);
        }

        all.AddRange(guards);
        Guards = all;
    }

    /// <summary>
    /// Past its lifetime (or, waiting for review, past its review deadline) a case accepts only its expiry: a late vendor
    /// callback cannot move it, nor a reviewer decide it.
    /// </summary>
    public static Guard BeforeExpiry { get; } = Guard.OnCase(
        "before the case expires",
        ErrorCodes.CaseExpired,
        "The case is past its lifetime or its review deadline.",
        c => !CaseWorkflow.CanExpire(c.Case.State) || c.Now < c.Case.ExpiresAt);

    public StateGroup From { get; }

    public CaseTrigger Trigger { get; }

    public Who Who { get; }

    /// <summary>Every guard in the order they are checked: who, the lifetime where it applies, then the rules.</summary>
    public IReadOnlyList<Guard> Guards { get; }

    public Destinations To { get; }

    public Func<CommandContext, Decision> Effect { get; }

    public SideEffects Asks { get; }

    /// <summary>The first guard that does not hold, or <see langword="null"/>.</summary>
    /// <param name="context">The command in its case.</param>
    /// <param name="scope">Which guards to check.</param>
    public Guard? FirstUnmet(CommandContext context, GuardScope scope = GuardScope.All)
    {
        // An index loop: the guards are a list behind an interface, whose enumerator would be boxed on every check.
        var guards = Guards;
        for (var i = 0; i < guards.Count; i++)
        {
            var guard = guards[i];
            if (scope == GuardScope.BeforeVendor)
            {
                if (guard.ReadsVendorAnswer)
                {
                    return null;
                }
            }
            else if (guard.ReadsInput && scope != GuardScope.All)
            {
                if (scope == GuardScope.BeforeInput)
                {
                    return null;
                }

                continue;
            }

            if (!guard.Holds(context))
            {
                return guard;
            }
        }

        return null;
    }

    public override string ToString() => $"{From} --{Trigger}-->";
}
