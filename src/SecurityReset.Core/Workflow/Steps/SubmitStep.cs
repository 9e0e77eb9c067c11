using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 6 — the applicant submits the case (or resubmits it after amending) to the review queue; each submission
/// starts the review deadline.
/// </summary>
internal static class SubmitStep
{
    public static Guard EveryNamedItemAmended { get; } = Guard.OnCase(
        "every named item amended", ErrorCodes.SubmissionIncomplete, "Amend every item the reviewer named before submitting.",
        c => (c.Case.Amended & c.Case.RequestedAmendments) == c.Case.RequestedAmendments);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.IdentityVerification), CaseTrigger.Submit, Who.Applicant,
            [IdentityVerificationStep.Complete],
            Destinations.To(S.Submitted), Submit, SideEffects.NotifySubmitted),
        new(StateGroup.Of(S.ReadyToSubmit), CaseTrigger.Submit, Who.Applicant,
            [],
            Destinations.To(S.Submitted), Submit, SideEffects.NotifySubmitted),
        new(StateGroup.Of(S.InformationRequested), CaseTrigger.Submit, Who.Applicant,
            [EveryNamedItemAmended],
            Destinations.To(S.Submitted), Submit, SideEffects.NotifySubmitted),
    ];

    private static Decision Submit(CommandContext c) => c.Go(S.Submitted, CaseEventTypes.Submitted, null, c.Case with
    {
        SubmittedAt = c.Now,
        ExpiresAt = c.Now + c.Options.Lifetimes.ReviewDeadline,
        ReviewerId = null,
        ClaimedAt = null,
        RequestedAmendments = AmendableItems.None,
        Amended = AmendableItems.None,
    });
}
