using Microsoft.Extensions.Options;
using SecurityReset.Benchmarks.Support;
using SecurityReset.InMemory;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// The whole happy path through <see cref="SecurityResetService"/>: a signed-in applicant who lost the
/// authenticator opens a case, verifies the bound email and phone by code, answers the questionnaire, provides
/// the proofs, gives and verifies a new email, uploads the document and the video, accepts the terms and
/// submits; a reviewer claims and approves, and the service applies the reset. 17 service calls.
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
            rig.GuardPort,
            new InMemoryIdempotencyStore(),
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
        return Expect(await s.ApproveAsync(id, Fixtures.Reviewer)).View!.Case.State;
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
        Expect(await s.VerifyCodeAsync(id, VerificationTarget.BoundEmail, LastCode(id, ContactKind.Email)));
        Expect(await s.RequestCodeAsync(id, VerificationTarget.BoundPhone));
        Expect(await s.VerifyCodeAsync(id, VerificationTarget.BoundPhone, LastCode(id, ContactKind.Phone)));
        Expect(await s.AnswerQuestionnaireAsync(id, inputs.Answers));
        Expect(await s.ProvideProofsAsync(id, inputs.Proofs));
        Expect(await s.SetNewContactAsync(id, ContactKind.Email, Fixtures.NewEmail));
        Expect(await s.RequestCodeAsync(id, VerificationTarget.NewContact));
        Expect(await s.VerifyCodeAsync(id, VerificationTarget.NewContact, LastCode(id, ContactKind.Email)));
        Expect(await s.SubmitDocumentAsync(id, inputs.Document));
        Expect(await s.SubmitVideoAsync(id, inputs.Video));
        Expect(await s.AcceptTermsAsync(id, Fixtures.TermsVersion));
        Expect(await s.SubmitAsync(id));
    }

    private string LastCode(CaseId id, ContactKind kind) =>
        _rig.Outbox.LastCode(id, kind) ?? throw new InvalidOperationException($"No {kind} code was sent.");

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
