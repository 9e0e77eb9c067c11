using Microsoft.Extensions.Options;
using SecurityReset.Benchmarks.Support;
using SecurityReset.InMemory;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// The whole happy path through <see cref="SecurityResetService"/>: a signed-in applicant who lost the
/// authenticator opens a case, verifies the bound email and phone by code, answers the questionnaire, provides
/// the proofs, gives and verifies a new email, uploads the document and the video, accepts the terms and
/// submits; a reviewer claims and approves, and the dispatcher applies the reset. 17 service calls, and a
/// delivery pass after each of the three code requests and after the submission and the approval, as a host's
/// delivery loop would run.
/// </summary>
internal sealed class HappyPath
{
    private readonly AdapterRig _rig;
    private readonly Inputs _inputs = Inputs.For(Fixtures.AccountId, shared: true);
    private readonly OpenCaseRequest _open = OpenCaseRequest.SignedIn(Fixtures.AccountId, Channel.Web);

    public HappyPath(AdapterRig rig, SecurityResetOptions? options = null)
    {
        _rig = rig;
        Service = new SecurityResetService(
            Options.Create(options ?? Fixtures.Options()),
            rig.StorePort,
            rig.MessengerPort,
            new InMemoryIdentityChecks(),
            rig.DirectoryPort,
            new FrozenClock(Fixtures.Now));
    }

    public SecurityResetService Service { get; }

    /// <summary>Applicant credentials the service issued over every run: at the opening and at every rotation.</summary>
    public int CredentialsIssued { get; private set; }

    /// <summary>Calls that presented an applicant credential over every run.</summary>
    public int ApplicantCalls { get; private set; }

    /// <summary>Runs the whole case; returns its final state (Completed) or throws on the first refusal.</summary>
    public async Task<CaseState> RunAsync()
    {
        var s = Service;
        var access = await ToSubmittedAsync(Opened(await s.OpenCaseAsync(_open)), _inputs);
        Expect(await s.ClaimAsync(access.CaseId, Fixtures.Reviewer));
        Expect(await s.ApproveAsync(access.CaseId, Fixtures.Reviewer));
        await s.DispatchAsync();
        ApplicantCalls++;
        return Expect(await s.GetCaseAsync(access)).View!.State;
    }

    /// <summary>
    /// Opens a case for an account and drives it to Submitted with inputs of its own (as if each came from its own
    /// request), so that no two stored cases share an answer, proof, document or video object; returns its id.
    /// </summary>
    public async Task<CaseId> OpenAndSubmitAsync(string accountId)
    {
        var opened = Opened(await Service.OpenCaseAsync(OpenCaseRequest.SignedIn(accountId, Channel.Web)));
        return (await ToSubmittedAsync(opened, Inputs.For(accountId, shared: false))).CaseId;
    }

    /// <summary>
    /// Drives an open case to Submitted as its applicant, showing the credential held now and keeping the one each
    /// answer hands out (every verified factor replaces it); returns the access held at the end.
    /// </summary>
    private async Task<ApplicantAccess> ToSubmittedAsync(ApplicantAccess access, Inputs inputs)
    {
        var s = Service;
        var id = access.CaseId;
        access = Held(access, await s.SelectItemsAsync(access, SecurityItems.Authenticator));
        access = Held(access, await s.RequestCodeAsync(access, VerificationTarget.BoundEmail));
        access = Held(access, await s.VerifyCodeAsync(access, VerificationTarget.BoundEmail, await CodeAsync(id, ContactKind.Email)));
        access = Held(access, await s.RequestCodeAsync(access, VerificationTarget.BoundPhone));
        access = Held(access, await s.VerifyCodeAsync(access, VerificationTarget.BoundPhone, await CodeAsync(id, ContactKind.Phone)));
        access = Held(access, await s.AnswerQuestionnaireAsync(access, inputs.Answers));
        access = Held(access, await s.ProvideProofsAsync(access, inputs.Proofs));
        access = Held(access, await s.SetNewContactAsync(access, ContactKind.Email, Fixtures.NewEmail));
        access = Held(access, await s.RequestCodeAsync(access, VerificationTarget.NewContact));
        access = Held(access, await s.VerifyCodeAsync(access, VerificationTarget.NewContact, await CodeAsync(id, ContactKind.Email)));
        access = Held(access, await s.SubmitDocumentAsync(access, inputs.Document));
        access = Held(access, await s.SubmitVideoAsync(access, inputs.Video));
        access = Held(access, await s.AcceptTermsAsync(access, Fixtures.TermsVersion));
        access = Held(access, await s.SubmitAsync(access));
        await Service.DispatchAsync();
        return access;
    }

    /// <summary>Delivers the code just issued (one dispatcher pass) and reads it as the applicant would.</summary>
    private async Task<string> CodeAsync(CaseId id, ContactKind kind)
    {
        await Service.DispatchAsync();
        return _rig.Outbox.LastCode(id, kind) ?? throw new InvalidOperationException($"No {kind} code was sent.");
    }

    /// <summary>The access an opening issued.</summary>
    private ApplicantAccess Opened(ResetResult<ApplicantCaseView> result)
    {
        CredentialsIssued++;
        return Expect(result).View!.Access!.Value;
    }

    /// <summary>The access to keep after an applicant's answer: the new one when the answer issued one.</summary>
    private ApplicantAccess Held(ApplicantAccess access, ResetResult<ApplicantCaseView> result)
    {
        ApplicantCalls++;
        if (Expect(result).View!.Access is not { } issued)
        {
            return access;
        }

        CredentialsIssued++;
        return issued;
    }

    private static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class =>
        result.Succeeded ? result : throw new InvalidOperationException($"The service refused a step of the happy path: {result.ErrorCode}.");

    /// <summary>What the applicant sends along the way.</summary>
    private sealed record Inputs(QuestionnaireAnswers Answers, IReadOnlyList<SupplementaryProof> Proofs, DocumentSubmission Document, VerificationVideo Video)
    {
        /// <summary>The inputs of one account; unshared ones get file ids of their own, as uploads would.</summary>
        public static Inputs For(string accountId, bool shared)
        {
            var prefix = shared ? string.Empty : accountId + "/";
            return new(
                Fixtures.Answers(),
                Fixtures.Proofs(prefix),
                Fixtures.Document(prefix),
                Fixtures.Video(accountId, prefix));
        }
    }
}
