using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset;

/// <summary>
/// What a reviewer sees: the evidence, the questionnaire and its score, the audit trail and the decision context.
/// Never a code hash, a sealed value or a fingerprint. Immutable.
/// </summary>
/// <param name="Id">The case.</param>
/// <param name="Version">The case's version.</param>
/// <param name="State">Where the case stands.</param>
/// <param name="AccountId">The account the reset is for.</param>
/// <param name="Channel">Web or app.</param>
/// <param name="EntryPoint">How the applicant got here.</param>
/// <param name="Kyc">The account's KYC level when the case opened.</param>
/// <param name="BoundEmail">The account's email when the case opened, masked.</param>
/// <param name="BoundPhone">The account's phone when the case opened, masked.</param>
/// <param name="KycDocumentOnFile">Whether the account's KYC document is on file (a submitted document must be the same).</param>
/// <param name="OpenedAt">When the case opened.</param>
/// <param name="SubmittedAt">When it was last submitted.</param>
/// <param name="DecidedAt">When a reviewer decided.</param>
/// <param name="ExpiresAt">When the case expires if nothing happens: the end of its lifetime while the applicant has work to do, its review deadline once submitted.</param>
/// <param name="BoundItems">The items bound to the account when the case opened.</param>
/// <param name="SelectedItems">The items the applicant lost.</param>
/// <param name="VerifiedItems">The remaining items the applicant proved.</param>
/// <param name="RemainingItems">The bound items not being reset, which the applicant had to verify.</param>
/// <param name="VerificationMethod">How the remaining items were verified.</param>
/// <param name="FaceScanReference">The identity vendor's reference of the passing face scan.</param>
/// <param name="RequiredSteps">The steps the policy required.</param>
/// <param name="Questionnaire">The answers (the anti-phishing code is never kept).</param>
/// <param name="QuestionnaireScore">How many answers matched the account, for the reviewer only.</param>
/// <param name="Proofs">The supplementary proofs.</param>
/// <param name="NewContactKind">Whether the new contact is an email or a phone.</param>
/// <param name="NewContact">The new contact, masked.</param>
/// <param name="NewContactVerified">Whether the applicant proved the new contact with a code.</param>
/// <param name="DocumentType">The type of the ID document.</param>
/// <param name="DocumentCountry">The document's issuing country.</param>
/// <param name="DocumentImage">The front image of the document.</param>
/// <param name="Video">The verification video and its declared statement (contacts masked).</param>
/// <param name="AcceptedTermsVersion">The terms version accepted.</param>
/// <param name="ReviewerId">The reviewer who claimed the case.</param>
/// <param name="ReasonCode">The reason of a rejection or a request for information.</param>
/// <param name="RequestedAmendments">What the reviewer asked to amend.</param>
/// <param name="Amended">What the applicant amended since.</param>
/// <param name="WithdrawalsProtectedUntil">Until when withdrawals stay blocked after the reset.</param>
/// <param name="AuditTrail">Every accepted transition, in version order.</param>
/// <param name="AvailableActions">What the claiming reviewer (any reviewer, before a claim) may do now, from the workflow definition.</param>
public sealed record ReviewerCaseView(
    CaseId Id,
    long Version,
    CaseState State,
    string AccountId,
    Channel Channel,
    EntryPoint EntryPoint,
    KycLevel Kyc,
    string? BoundEmail,
    string? BoundPhone,
    bool KycDocumentOnFile,
    DateTimeOffset OpenedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset ExpiresAt,
    SecurityItems BoundItems,
    SecurityItems SelectedItems,
    SecurityItems VerifiedItems,
    SecurityItems RemainingItems,
    VerificationMethod VerificationMethod,
    string? FaceScanReference,
    RequiredSteps RequiredSteps,
    QuestionnaireAnswers? Questionnaire,
    QuestionnaireScore? QuestionnaireScore,
    IReadOnlyList<SupplementaryProof> Proofs,
    ContactKind? NewContactKind,
    string? NewContact,
    bool NewContactVerified,
    DocumentType? DocumentType,
    string? DocumentCountry,
    EvidenceReference? DocumentImage,
    VerificationVideo? Video,
    string? AcceptedTermsVersion,
    string? ReviewerId,
    string? ReasonCode,
    AmendableItems RequestedAmendments,
    AmendableItems Amended,
    DateTimeOffset? WithdrawalsProtectedUntil,
    IReadOnlyList<CaseEvent> AuditTrail,
    IReadOnlyList<CaseAction> AvailableActions)
{
    /// <summary>Whether the case is still open: no decision or end yet.</summary>
    public bool IsOpen => !CaseWorkflow.IsTerminal(State);

    /// <summary>
    /// The "this wasn't me" received for the case, oldest first: which channel bound before the case disputed (masked),
    /// when, and in which state. Empty when nobody disputed.
    /// </summary>
    public IReadOnlyList<DisputeFlag> Disputes { get; init; } = [];

    /// <summary>
    /// Whether the audit trail is the one the library wrote (the check <c>VerifyTrailAsync</c> makes), checked
    /// when the case is read for review; <see langword="null"/> in the answer of a reviewer's command. A trail that does
    /// not hold means the record was edited outside the library: do not decide on such a case.
    /// </summary>
    public TrailVerification? Trail { get; init; }

    /// <summary>The snapshot the view was drawn from, for the library's own tests.</summary>
    internal ResetCase Case { get; private init; } = null!;

    internal static ReviewerCaseView From(ResetCase c, IReadOnlyList<CaseEvent> trail, IReadOnlyList<CaseAction> available) => new(
        c.Id,
        c.Version,
        c.State,
        c.Account.AccountId,
        c.Channel,
        c.EntryPoint,
        c.Account.Kyc,
        c.Account.Email?.Masked,
        c.Account.Phone?.Masked,
        c.Account.KycDocument is not null,
        c.OpenedAt,
        c.SubmittedAt,
        c.DecidedAt,
        c.ExpiresAt,
        c.Account.BoundItems,
        c.SelectedItems,
        c.VerifiedItems,
        c.RemainingItems,
        c.VerificationMethod,
        c.FaceScanReference,
        c.RequiredSteps,
        c.Questionnaire?.Answers,
        c.Questionnaire?.Score,
        c.Proofs.IsDefault ? [] : c.Proofs,
        c.NewContact?.Kind,
        c.NewContact?.Masked,
        c.NewContactVerified,
        c.Document?.Reference.Type,
        c.Document?.Reference.IssuingCountry,
        c.Document?.FrontImage,
        c.Video,
        c.AcceptedTermsVersion,
        c.ReviewerId,
        c.ReasonCode,
        c.RequestedAmendments,
        c.Amended,
        c.WithdrawalsProtectedUntil,
        trail,
        available)
    {
        Case = c,
        Disputes = c.Disputes.IsDefault ? [] : c.Disputes,
    };
}
