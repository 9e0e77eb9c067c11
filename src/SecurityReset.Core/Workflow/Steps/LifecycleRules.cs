using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// What holds in every step: the applicant may cancel before a decision; an unfinished case expires at the end of
/// its lifetime, and a case waiting for the support team at its review deadline (the account's channels are told).
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
    ];
}
