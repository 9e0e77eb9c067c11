
namespace SecurityReset.Workflow.Definition;

/// <summary>Who may fire a transition: a guard of its own (<c>actor.not_allowed</c>) and the kinds of actor it admits.</summary>
internal sealed class Who
{
    private readonly ActorKind[] _kinds;

    private Who(string label, Func<CommandContext, bool> holds, params ActorKind[] kinds)
    {
        _kinds = kinds;
        Guard = Guard.OnCase(label, ErrorCodes.ActorNotAllowed, "This actor may not do this on this case.", holds);
    }

    /// <summary>The applicant of the case.</summary>
    public static Who Applicant { get; } = new("by the applicant", c => IsApplicant(c.Case, c.Actor), ActorKind.Applicant);

    /// <summary>Any reviewer.</summary>
    public static Who Reviewer { get; } = new("by a reviewer", c => c.Actor.Kind == ActorKind.Reviewer, ActorKind.Reviewer);

    /// <summary>The reviewer who claimed the case.</summary>
    public static Who ClaimingReviewer { get; } = new(
        "by the claiming reviewer",
        c => c.Actor.Kind == ActorKind.Reviewer && string.Equals(c.Actor.Id, c.Case.ReviewerId, StringComparison.Ordinal),
        ActorKind.Reviewer);

    /// <summary>The library itself (jobs, vendor callbacks, delivery reports).</summary>
    public static Who System { get; } = new("by the system", c => c.Actor.Kind == ActorKind.System, ActorKind.System);

    /// <summary>The applicant, or the system on the vendor's behalf.</summary>
    public static Who ApplicantOrSystem { get; } = new(
        "by the applicant or the system",
        c => c.Actor.Kind == ActorKind.System || IsApplicant(c.Case, c.Actor),
        ActorKind.Applicant,
        ActorKind.System);

    public Guard Guard { get; }

    /// <summary>Whether an actor of this kind may ever fire the transition.</summary>
    public bool Admits(ActorKind kind) => Array.IndexOf(_kinds, kind) >= 0;

    private static bool IsApplicant(ResetCase current, Actor actor) =>
        actor.Kind == ActorKind.Applicant && string.Equals(actor.Id, current.Account.AccountId, StringComparison.Ordinal);
}
