using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// The named groups of states (Stateless superstates): a case is <see cref="Open"/> until a decision,
/// <see cref="Unfinished"/> while the applicant still has work to do, and <see cref="InReview"/> while it waits for
/// the support team; it expires from either when left too long.
/// </summary>
internal static class CaseGroups
{
    /// <summary>Every state before a decision: the applicant may cancel.</summary>
    public static StateGroup Open { get; } = StateGroup.Named(
        "Open",
        null,
        CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
        CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview,
        CaseState.InformationRequested, CaseState.Disputed);

    /// <summary>The states in which the applicant has work to do: the case expires when left here too long.</summary>
    public static StateGroup Unfinished { get; } = StateGroup.Named(
        "Unfinished",
        Open,
        CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
        CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.InformationRequested);

    /// <summary>
    /// The steps the policy may require after verification (3–5): when nothing remained to verify, an Advanced KYC
    /// account may still take the face scan here, after selecting the items.
    /// </summary>
    public static StateGroup Steps { get; } = StateGroup.Named(
        "Steps", Unfinished, CaseState.Questionnaire, CaseState.SupplementaryProofs, CaseState.IdentityVerification);

    /// <summary>The states in which the case waits for the support team: it expires when left here past the review deadline.</summary>
    public static StateGroup InReview { get; } = StateGroup.Named("InReview", Open, CaseState.Submitted, CaseState.UnderReview, CaseState.Disputed);

    /// <summary>Every group, each after the group it is a part of.</summary>
    public static IReadOnlyList<StateGroup> All { get; } = [Open, Unfinished, Steps, InReview];

    /// <summary>The smallest group a state is a part of (its Stateless superstate), or <see langword="null"/>.</summary>
    public static StateGroup? Of(CaseState state) => All.LastOrDefault(g => g.Contains(state));
}
