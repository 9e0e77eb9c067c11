using System.Collections.Concurrent;

namespace SecurityReset;

/// <summary>
/// The applicant's side of the tests: a case opened through <see cref="OpenTrackedAsync"/> is then driven by its id,
/// and these calls show the credential the applicant holds now, keeping the one each answer hands out (as a host
/// keeps it in its session). Tests of the credential itself call the service with an <see cref="ApplicantAccess"/>.
/// </summary>
internal static class ApplicantCalls
{
    private static readonly ConcurrentDictionary<CaseId, string> Held = new();
    private static readonly ConcurrentBag<string> Handed = [];

    /// <summary>Every credential an answer handed out so far (the leak scan looks for them).</summary>
    public static IReadOnlyCollection<string> Issued => Handed;

    /// <summary>Opens a case and keeps its credential.</summary>
    public static async Task<ResetResult<ApplicantCaseView>> OpenTrackedAsync(this SecurityResetService s, OpenCaseRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Keep(await s.OpenCaseAsync(request, idempotencyKey, cancellationToken).ConfigureAwait(false));

    /// <summary>What the applicant of a case holds now (a credential that is nobody's for a case never opened here).</summary>
    public static ApplicantAccess AccessOf(CaseId caseId) => new(caseId, Held.TryGetValue(caseId, out var credential) ? credential : "never-issued");

    /// <summary>Keeps the credential an answer hands out.</summary>
    public static ResetResult<ApplicantCaseView> Keep(ResetResult<ApplicantCaseView> result)
    {
        if (result.View?.Access is { } access)
        {
            Held[access.CaseId] = access.Credential;
            Handed.Add(access.Credential);
        }

        return result;
    }

    public static Task<ResetResult<ApplicantCaseView>> GetCaseAsync(this SecurityResetService s, CaseId caseId, CancellationToken cancellationToken = default) =>
        s.GetCaseAsync(AccessOf(caseId), cancellationToken);

    public static Task<ResetResult<ApplicantCaseView>> SelectItemsAsync(this SecurityResetService s, CaseId caseId, SecurityItems items, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.SelectItemsAsync(AccessOf(caseId), items, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> RequestCodeAsync(this SecurityResetService s, CaseId caseId, VerificationTarget target, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.RequestCodeAsync(AccessOf(caseId), target, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> VerifyCodeAsync(this SecurityResetService s, CaseId caseId, VerificationTarget target, string code, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.VerifyCodeAsync(AccessOf(caseId), target, code, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> VerifyAuthenticatorAsync(this SecurityResetService s, CaseId caseId, string code, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.VerifyAuthenticatorAsync(AccessOf(caseId), code, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> RecordFaceScanAsync(this SecurityResetService s, CaseId caseId, string scanSessionId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.RecordFaceScanAsync(AccessOf(caseId), scanSessionId, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> AnswerQuestionnaireAsync(this SecurityResetService s, CaseId caseId, QuestionnaireAnswers answers, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.AnswerQuestionnaireAsync(AccessOf(caseId), answers, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> ProvideProofsAsync(this SecurityResetService s, CaseId caseId, IReadOnlyList<SupplementaryProof> proofs, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.ProvideProofsAsync(AccessOf(caseId), proofs, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> SetNewContactAsync(this SecurityResetService s, CaseId caseId, ContactKind kind, string address, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.SetNewContactAsync(AccessOf(caseId), kind, address, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> SubmitDocumentAsync(this SecurityResetService s, CaseId caseId, DocumentSubmission document, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.SubmitDocumentAsync(AccessOf(caseId), document, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> SubmitVideoAsync(this SecurityResetService s, CaseId caseId, VerificationVideo video, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.SubmitVideoAsync(AccessOf(caseId), video, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> AcceptTermsAsync(this SecurityResetService s, CaseId caseId, string termsVersion, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.AcceptTermsAsync(AccessOf(caseId), termsVersion, idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> SubmitAsync(this SecurityResetService s, CaseId caseId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.SubmitAsync(AccessOf(caseId), idempotencyKey, cancellationToken));

    public static Task<ResetResult<ApplicantCaseView>> CancelAsync(this SecurityResetService s, CaseId caseId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Track(s.CancelAsync(AccessOf(caseId), idempotencyKey, cancellationToken));

    private static async Task<ResetResult<ApplicantCaseView>> Track(Task<ResetResult<ApplicantCaseView>> call) => Keep(await call.ConfigureAwait(false));
}
