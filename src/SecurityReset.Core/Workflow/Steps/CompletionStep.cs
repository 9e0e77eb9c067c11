using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 8 — once its dispute window passed, the approved reset starts (a commit that spends the case's dispute tokens,
/// so a dispute either lands before it and holds the reset, or after it and is refused); once the account directory
/// applied it, the case completes and records the post-reset withdrawal protection the host enforces.
/// </summary>
internal static class CompletionStep
{
    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.Approved), CaseTrigger.BeginReset, Who.System,
            [],
            Destinations.Stay,
            c => c.Go(S.Approved, CaseEventTypes.ResetStarted, null, c.Case with { DisputeTokens = [] })),
        new(StateGroup.Of(S.Approved), CaseTrigger.CompleteReset, Who.System,
            [],
            Destinations.To(S.Completed),
            c => c.Go(S.Completed, CaseEventTypes.Completed, null, c.Case with { WithdrawalsProtectedUntil = c.Now + c.Options.Lifetimes.WithdrawalProtection }),
            SideEffects.NotifyResetCompleted),
    ];
}
