using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 7 — a reviewer claims a submitted case and approves it, rejects it with a reason code, or asks the
/// applicant to amend named items (the applicant gets a fresh lifetime to do so).
/// </summary>
internal static class ReviewStep
{
    private const AmendableItems Amendable = AmendableItems.Questionnaire | AmendableItems.SupplementaryProofs
        | AmendableItems.IdentityDocument | AmendableItems.VerificationVideo;

    public static Guard RejectionReasonGiven { get; } = Guard.OnInput(
        "a reason code", ErrorCodes.ReviewReasonInvalid, "The reason code must be 1–64 of a–z, 0–9, '.', '_', '-'.",
        c => Text.IsReasonCode(c.Input<Reject>().ReasonCode));

    public static Guard AmendmentsNamed { get; } = Guard.OnInput(
        "known items named", ErrorCodes.ReviewAmendmentsRequired, "Name at least one known item to amend.",
        c => c.Input<RequestInformation>().Items is var items && items != AmendableItems.None && (items & ~Amendable) == 0);

    public static Guard InformationReasonGiven { get; } = Guard.OnInput(
        "a reason code", ErrorCodes.ReviewReasonInvalid, "The reason code must be 1–64 of a–z, 0–9, '.', '_', '-'.",
        c => Text.IsReasonCode(c.Input<RequestInformation>().ReasonCode));

    private static readonly StateGroup UnderReview = StateGroup.Of(S.UnderReview);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.Submitted), CaseTrigger.Claim, Who.Reviewer,
            [],
            Destinations.To(S.UnderReview), c => c.Go(S.UnderReview, CaseEventTypes.Claimed, null, c.Case with { ReviewerId = c.Actor.Id })),
        new(UnderReview, CaseTrigger.Approve, Who.ClaimingReviewer,
            [],
            Destinations.To(S.Approved), c => c.Go(S.Approved, CaseEventTypes.Approved, null, c.Case with { DecidedAt = c.Now }), SideEffects.ApplyReset),
        new(UnderReview, CaseTrigger.Reject, Who.ClaimingReviewer,
            [RejectionReasonGiven],
            Destinations.To(S.Rejected), Reject, SideEffects.NotifyRejected),
        new(UnderReview, CaseTrigger.RequestInformation, Who.ClaimingReviewer,
            [AmendmentsNamed, InformationReasonGiven],
            Destinations.To(S.InformationRequested), RequestInformation, SideEffects.NotifyInformationRequested),
    ];

    private static Decision Reject(CommandContext c)
    {
        var reason = c.Input<Reject>().ReasonCode;
        return c.Go(S.Rejected, CaseEventTypes.Rejected, reason, c.Case with { ReasonCode = reason, DecidedAt = c.Now });
    }

    private static Decision RequestInformation(CommandContext c)
    {
        var (items, reason) = c.Input<RequestInformation>();
        return c.Go(S.InformationRequested, CaseEventTypes.InformationRequested, $"{items}:{reason}", c.Case with
        {
            RequestedAmendments = items,
            Amended = AmendableItems.None,
            ReasonCode = reason,
            ExpiresAt = c.Now + c.Options.Lifetimes.Case,
        });
    }
}
