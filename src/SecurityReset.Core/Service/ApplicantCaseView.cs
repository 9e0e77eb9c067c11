
namespace SecurityReset;

/// <summary>
/// What the applicant may see of a case: progress, masked contacts and the actions open now. Never the
/// questionnaire score or which answer was right. Immutable.
/// </summary>
/// <param name="Id">The case id.</param>
/// <param name="Version">The case version: it rises with every accepted change (usable as an ETag).</param>
/// <param name="State">Where the case stands.</param>
/// <param name="Channel">Web or app.</param>
/// <param name="EntryPoint">How the applicant came in.</param>
/// <param name="BoundItems">
/// The items bound to the account; every item until the owner is proven (a signed-out applicant proves a factor first:
/// before that, every identifier shows the same shape, known or not).
/// </param>
/// <param name="BoundEmail">The bound email, masked; <see langword="null"/> until the owner is proven.</param>
/// <param name="BoundPhone">The bound phone, masked; <see langword="null"/> until the owner is proven.</param>
/// <param name="SelectedItems">The items being reset.</param>
/// <param name="RemainingItems">The items to verify.</param>
/// <param name="VerifiedItems">The remaining items verified so far.</param>
/// <param name="FaceScanOffered">Whether the face-scan shortcut is open.</param>
/// <param name="RequiredSteps">The steps the policy requires.</param>
/// <param name="QuestionnaireAnswered">Whether the questionnaire was answered.</param>
/// <param name="ProofsProvided">Whether proofs were provided.</param>
/// <param name="NewContact">The new contact, masked.</param>
/// <param name="NewContactVerified">Whether the new contact was verified.</param>
/// <param name="DocumentProvided">Whether the ID document was uploaded.</param>
/// <param name="VideoProvided">Whether the video was uploaded.</param>
/// <param name="AcceptedTermsVersion">The accepted terms version.</param>
/// <param name="RequestedAmendments">What the reviewer asked to amend.</param>
/// <param name="ReasonCode">The reviewer's reason code, after a rejection or request.</param>
/// <param name="ExpiresAt">When the case expires if nothing happens: the end of its lifetime while the applicant has work to do, its review deadline once submitted.</param>
/// <param name="WithdrawalsProtectedUntil">Until when withdrawals stay blocked after the reset.</param>
/// <param name="OfferForgotPasswordNext">Whether the host should offer Forgot Password now.</param>
/// <param name="CodesOnTheirWay">
/// The destinations with a live code. The code is delivered after the answer (the library's outbox sends it), so
/// it may still be on its way: say so, and let the applicant type it once it arrives.
/// </param>
/// <param name="AvailableActions">What the applicant may do now: the workflow definition's transitions from this state whose rules on the case, the applicant and the time hold.</param>
public sealed record ApplicantCaseView(
    CaseId Id,
    long Version,
    CaseState State,
    Channel Channel,
    EntryPoint EntryPoint,
    SecurityItems BoundItems,
    string? BoundEmail,
    string? BoundPhone,
    SecurityItems SelectedItems,
    SecurityItems RemainingItems,
    SecurityItems VerifiedItems,
    bool FaceScanOffered,
    RequiredSteps RequiredSteps,
    bool QuestionnaireAnswered,
    bool ProofsProvided,
    string? NewContact,
    bool NewContactVerified,
    bool DocumentProvided,
    bool VideoProvided,
    string? AcceptedTermsVersion,
    AmendableItems RequestedAmendments,
    string? ReasonCode,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? WithdrawalsProtectedUntil,
    bool OfferForgotPasswordNext,
    IReadOnlyList<VerificationTarget> CodesOnTheirWay,
    IReadOnlyList<CaseAction> AvailableActions)
{
    /// <summary>
    /// The case and a new applicant credential, in the answer that issued one: the open, and every command that verified
    /// a factor. Keep it in place of the one you had, which no longer works; <see langword="null"/> when the credential
    /// did not change.
    /// </summary>
    public ApplicantAccess? Access { get; init; }

    /// <summary>
    /// What approval will change on the account, to show before the applicant submits: the items unbound and the
    /// contact that becomes the account's new one. <see langword="null"/> once the case is decided or ended.
    /// </summary>
    public ApprovalPreview? OnApproval { get; init; }

    internal static ApplicantCaseView From(ResetCase c, IReadOnlyList<CaseAction> available, DateTimeOffset now) => new(
        c.Id,
        c.Version,
        c.State,
        c.Channel,
        c.EntryPoint,
        c.ShownItems,
        c.OwnerProven ? c.Account.Email?.Masked : null,
        c.OwnerProven ? c.Account.Phone?.Masked : null,
        c.SelectedItems,
        c.RemainingItems,
        c.VerifiedItems,
        available.Contains(CaseAction.RecordFaceScan),
        c.RequiredSteps,
        c.Questionnaire is not null,
        !c.Proofs.IsDefaultOrEmpty,
        c.NewContact?.Masked,
        c.NewContactVerified,
        c.Document is not null,
        c.Video is not null,
        c.AcceptedTermsVersion,
        c.RequestedAmendments,
        c.State is CaseState.Rejected or CaseState.InformationRequested ? c.ReasonCode : null,
        c.ExpiresAt,
        c.WithdrawalsProtectedUntil,
        c.OfferForgotPasswordNext,
        LiveCodes(c, now),
        available)
    {
        OnApproval = c.State is CaseState.Approved or CaseState.Disputed || Workflow.CaseWorkflow.IsTerminal(c.State)
            ? null
            : new ApprovalPreview(c.SelectedItems, c.NewContactVerified ? c.NewContact?.Kind : null, c.NewContactVerified ? c.NewContact?.Masked : null),
    };

    private static VerificationTarget[] LiveCodes(ResetCase c, DateTimeOffset now) =>
        c.Challenges.IsDefaultOrEmpty ? [] : [.. c.Challenges.Where(challenge => challenge.CodeHash is not null && now < challenge.ExpiresAt).Select(challenge => challenge.Target)];

}
