using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// The named groups of states (Stateless superstates): a case is <see cref="Open"/> until a decision, and
/// <see cref="Unfinished"/> while the applicant still has work to do, which is also when it can expire.
/// </summary>
internal static class CaseGroups
{
    /// <summary>Every state before a decision: the applicant may cancel.</summary>
    public static StateGroup Open { get; } = StateGroup.Named(
        "Open",
        null,
        CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
        CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview,
        CaseState.InformationRequested);

    /// <summary>The states in which the applicant has work to do: the case expires when left here too long.</summary>
    public static StateGroup Unfinished { get; } = StateGroup.Named(
        "Unfinished",
        Open,
        CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
        CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.InformationRequested);
}
