using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 8 — once the account directory applied the approved reset, the case completes and records the
/// post-reset withdrawal protection the host enforces.
/// </summary>
internal static class CompletionStep
{
    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.Approved), CaseTrigger.CompleteReset, Who.System,
            [],
            Destinations.To(S.Completed),
            c => c.Go(S.Completed, CaseEventTypes.Completed, null, c.Case with { WithdrawalsProtectedUntil = c.Now + c.Options.Lifetimes.WithdrawalProtection }),
            SideEffects.NotifyResetCompleted),
    ];
}
