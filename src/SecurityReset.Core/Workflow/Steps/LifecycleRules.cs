using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// What holds in every step: the applicant may cancel before a decision; an unfinished case expires at the end of
/// its lifetime, and a case waiting for the support team at its review deadline (the account's channels are told);
/// the owner's own case supersedes any other open case of the account.
/// </summary>
internal static class LifecycleRules
{
    public static Guard LifetimePassed { get; } = Guard.OnCase(
        "lifetime passed", ErrorCodes.CaseNotExpired, "The case has not reached its expiry time.",
        c => c.Now >= c.Case.ExpiresAt);

    /// <summary>A submitted case's <see cref="ResetCase.ExpiresAt"/> is its review deadline (set at each submission).</summary>
    public static Guard ReviewDeadlinePassed { get; } = Guard.OnCase(
        "review deadline passed", ErrorCodes.CaseNotExpired, "The case has not reached its review deadline.",
        c => c.Now >= c.Case.ExpiresAt);

    /// <summary>The detail of the expiry event when the support team let the review deadline pass.</summary>
    public const string ReviewDeadlineDetail = "ReviewDeadline";

    /// <summary>
    /// Decided again on every try, so a signed-out open that raced the owner's first verified factor refuses rather
    /// than ends the case the owner has just proven.
    /// </summary>
    public static Guard OwnerMayBeSuperseded { get; } = Guard.OnInput(
        "signed-in owner, or no owner factor proven", ErrorCodes.CaseAlreadyOpen, "The account already has an open case.",
        c => c.Input<Supersede>().BySignedInOwner || !c.Case.OwnerProven);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(CaseGroups.Open, CaseTrigger.Cancel, Who.Applicant,
            [],
            Destinations.To(S.Cancelled), c => c.Go(S.Cancelled, CaseEventTypes.Cancelled, null, c.Case)),
        new(CaseGroups.Unfinished, CaseTrigger.Expire, Who.System,
            [LifetimePassed],
            Destinations.To(S.Expired), c => c.Go(S.Expired, CaseEventTypes.Expired, null, c.Case)),
        new(CaseGroups.InReview, CaseTrigger.Expire, Who.System,
            [ReviewDeadlinePassed],
            Destinations.To(S.Expired), c => c.Go(S.Expired, CaseEventTypes.Expired, ReviewDeadlineDetail, c.Case),
            SideEffects.NotifyReviewExpired),
        new(CaseGroups.Open, CaseTrigger.Supersede, Who.System,
            [OwnerMayBeSuperseded],
            Destinations.To(S.Superseded), c => c.Go(S.Superseded, CaseEventTypes.Superseded, null, c.Case), SideEffects.NotifySuperseded),
    ];
}
