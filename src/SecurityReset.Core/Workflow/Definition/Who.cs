
namespace SecurityReset.Workflow.Definition;

/// <summary>Who may fire a transition: a guard of its own (<c>actor.not_allowed</c>), checked before every other.</summary>
internal sealed class Who
{
    private Who(string label, Func<CommandContext, bool> holds)
    {
        Guard = Guard.OnCase(label, ErrorCodes.ActorNotAllowed, "This actor may not do this on this case.", holds);
    }

    /// <summary>The applicant of the case.</summary>
    public static Who Applicant { get; } = new("by the applicant", c => IsApplicant(c.Case, c.Actor));

    /// <summary>Any reviewer.</summary>
    public static Who Reviewer { get; } = new("by a reviewer", c => c.Actor.Kind == ActorKind.Reviewer);

    /// <summary>The reviewer who claimed the case.</summary>
    public static Who ClaimingReviewer { get; } = new(
        "by the claiming reviewer",
        c => c.Actor.Kind == ActorKind.Reviewer && string.Equals(c.Actor.Id, c.Case.ReviewerId, StringComparison.Ordinal));

    /// <summary>The library itself (jobs, vendor callbacks, delivery reports).</summary>
    public static Who System { get; } = new("by the system", c => c.Actor.Kind == ActorKind.System);

    /// <summary>The applicant, or the system on the vendor's behalf.</summary>
    public static Who ApplicantOrSystem { get; } = new(
        "by the applicant or the system",
        c => c.Actor.Kind == ActorKind.System || IsApplicant(c.Case, c.Actor));

    public Guard Guard { get; }

    private static bool IsApplicant(ResetCase current, Actor actor) =>
        actor.Kind == ActorKind.Applicant && string.Equals(actor.Id, current.Account.AccountId, StringComparison.Ordinal);
}
