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

    /// <summary>Runs the whole case; returns its final state (Completed) or throws on the first refusal.</summary>
    public async Task<CaseState> RunAsync()
    {
        var s = Service;
        var id = Expect(await s.OpenCaseAsync(_open)).View!.Id;
        await ToSubmittedAsync(id, _inputs);
        Expect(await s.ClaimAsync(id, Fixtures.Reviewer));
        Expect(await s.ApproveAsync(id, Fixtures.Reviewer));
        await s.DispatchAsync();
        return Expect(await s.GetCaseAsync(id)).View!.State;
    }

    /// <summary>
    /// Opens a case for an account and drives it to Submitted with inputs of its own (as if each came from its own
    /// request), so that no two stored cases share an answer, proof, document or video object; returns its id.
    /// </summary>
    public async Task<CaseId> OpenAndSubmitAsync(string accountId)
    {
        var id = Expect(await Service.OpenCaseAsync(OpenCaseRequest.SignedIn(accountId, Channel.Web))).View!.Id;
        await ToSubmittedAsync(id, Inputs.For(accountId, shared: false));
        return id;
    }

    private async Task ToSubmittedAsync(CaseId id, Inputs inputs)
    {
        var s = Service;
        Expect(await s.SelectItemsAsync(id, SecurityItems.Authenticator));
        Expect(await s.RequestCodeAsync(id, VerificationTarget.BoundEmail));
        Expect(await s.VerifyCodeAsync(id, VerificationTarget.BoundEmail, await CodeAsync(id, ContactKind.Email)));
        Expect(await s.RequestCodeAsync(id, VerificationTarget.BoundPhone));
        Expect(await s.VerifyCodeAsync(id, VerificationTarget.BoundPhone, await CodeAsync(id, ContactKind.Phone)));
        Expect(await s.AnswerQuestionnaireAsync(id, inputs.Answers));
        Expect(await s.ProvideProofsAsync(id, inputs.Proofs));
        Expect(await s.SetNewContactAsync(id, ContactKind.Email, Fixtures.NewEmail));
        Expect(await s.RequestCodeAsync(id, VerificationTarget.NewContact));
        Expect(await s.VerifyCodeAsync(id, VerificationTarget.NewContact, await CodeAsync(id, ContactKind.Email)));
        Expect(await s.SubmitDocumentAsync(id, inputs.Document));
        Expect(await s.SubmitVideoAsync(id, inputs.Video));
        Expect(await s.AcceptTermsAsync(id, Fixtures.TermsVersion));
        Expect(await s.SubmitAsync(id));
        await Service.DispatchAsync();
    }

    /// <summary>Delivers the code just issued (one dispatcher pass) and reads it as the applicant would.</summary>
    private async Task<string> CodeAsync(CaseId id, ContactKind kind)
    {
        await Service.DispatchAsync();
        return _rig.Outbox.LastCode(id, kind) ?? throw new InvalidOperationException($"No {kind} code was sent.");
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
