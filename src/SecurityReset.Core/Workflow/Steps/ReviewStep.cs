using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 7 — a reviewer claims a submitted case and approves it, rejects it with a reason code, or asks the
/// applicant to amend named items (the applicant gets a fresh lifetime to do so). A claim lapses after the claim
/// timeout: any reviewer may claim the case again, and the lapsed reviewer can no longer decide it.
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

    /// <summary>A claimed case is claimed again only once the claim lapsed: a live claim is the reviewer's alone.</summary>
    public static Guard ClaimLapsed { get; } = Guard.OnCase(
        "the claim lapsed", ErrorCodes.ReviewClaimHeld, "A reviewer's claim on the case has not lapsed yet.",
        HasLapsed);

    /// <summary>A lapsed claim decides nothing: the reviewer claims the case again first (unless another reviewer did).</summary>
    public static Guard ClaimNotLapsed { get; } = Guard.OnCase(
        "the claim has not lapsed", ErrorCodes.ReviewClaimLapsed, "The claim on the case lapsed; claim it again.",
        c => !HasLapsed(c));

    private static readonly StateGroup UnderReview = StateGroup.Of(S.UnderReview);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.Submitted), CaseTrigger.Claim, Who.Reviewer,
            [],
            Destinations.To(S.UnderReview), c => c.Go(S.UnderReview, CaseEventTypes.Claimed, null, Claimed(c))),
        new(StateGroup.Of(S.Disputed), CaseTrigger.Claim, Who.Reviewer,
            [],
            Destinations.To(S.UnderReview), c => c.Go(S.UnderReview, CaseEventTypes.Claimed, null, Claimed(c))),
        new(UnderReview, CaseTrigger.Claim, Who.Reviewer,
            [ClaimLapsed],
            Destinations.Stay, c => c.Stay(CaseEventTypes.Reclaimed, c.Case.ReviewerId, Claimed(c))),
        new(UnderReview, CaseTrigger.Approve, Who.ClaimingReviewer,
            [ClaimNotLapsed],
            Destinations.To(S.Approved), c => c.Go(S.Approved, CaseEventTypes.Approved, null, c.Case with { DecidedAt = c.Now }),
            SideEffects.ApplyReset | SideEffects.NotifyApproved),
        new(UnderReview, CaseTrigger.Reject, Who.ClaimingReviewer,
            [ClaimNotLapsed, RejectionReasonGiven],
            Destinations.To(S.Rejected), Reject, SideEffects.NotifyRejected),
        new(UnderReview, CaseTrigger.RequestInformation, Who.ClaimingReviewer,
            [ClaimNotLapsed, AmendmentsNamed, InformationReasonGiven],
            Destinations.To(S.InformationRequested), RequestInformation, SideEffects.NotifyInformationRequested),
    ];

    /// <summary>Whether the claim on the case is past its timeout (a claim whose time is unknown counts as lapsed).</summary>
    private static bool HasLapsed(CommandContext c) => c.Case.ClaimedAt is not { } claimedAt || c.Now >= claimedAt + c.Options.Lifetimes.ReviewClaim;

    private static ResetCase Claimed(CommandContext c) => c.Case with { ReviewerId = c.Actor.Id, ClaimedAt = c.Now };

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
