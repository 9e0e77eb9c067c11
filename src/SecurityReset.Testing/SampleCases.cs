using System.Security.Cryptography;
using System.Text;
using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Testing;

/// <summary>
/// Realistic cases for store tests, built through <see cref="CaseDecider"/> the way the service builds them:
/// codes requested and verified, questionnaire, proofs, new contact, document, video, terms, review, a request for
/// information and its amendments. Every case is one the workflow really produces, handed over as the
/// <see cref="StoredCase"/> the library gives a store. Thread-safe.
/// </summary>
public static class SampleCases
{
    /// <summary>The reviewer id the flows use.</summary>
    public const string ReviewerId = "reviewer-1";

    private static readonly CaseDecider Decider = new(new SecurityResetOptions
    {
        SecretKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 11)).ToArray()),
    });

    /// <summary>The time the flows start at unless told otherwise: 2026-11-25 09:00 UTC.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Every case state, for theories.</summary>
    public static IReadOnlyList<CaseState> AllStates { get; } = Enum.GetValues<CaseState>();

    /// <summary>
    /// The decisions that bring a new case to <paramref name="state"/>, one minute apart. The first step is the
    /// opening (insert it); the others are saves on <see cref="CaseStep.ExpectedVersion"/>. A case that expires
    /// does so at its expiry time.
    /// </summary>
    /// <param name="state">The state to reach.</param>
    /// <param name="accountId">The account; a new unique id when <see langword="null"/>.</param>
    /// <param name="start">When the case is opened; <see cref="Start"/> when <see langword="null"/>.</param>
    /// <returns>The steps; the last one's case is in <paramref name="state"/>.</returns>
    public static IReadOnlyList<CaseStep> Flow(CaseState state, string? accountId = null, DateTimeOffset? start = null)
    {
        var account = accountId ?? NewAccountId();
        var script = new Script(Account(account, state == CaseState.ReadyToSubmit ? KycLevel.Advanced : KycLevel.None), start ?? Start, state);
        var applicant = Actor.Applicant(account);
        var reviewer = Actor.Reviewer(ReviewerId);

        if (state == CaseState.Superseded)
        {
            script.Do(_ => new Supersede(BySignedInOwner: true), Actor.System);
            return script.Steps;
        }

        if (state == CaseState.ReadyToSubmit)
        {
            // Advanced KYC: the face scan replaces the codes and the default policy then requires no step.
            script.Do(_ => new SelectItems(SecurityItems.Email), applicant);
            script.Do(_ => new RecordFaceScan("c2Vzc2lvbi0wMDAx", true, "scan-0001"), applicant);
            return script.Steps;
        }

        if (script.Reached)
        {
            return script.Steps;
        }

        script.Do(_ => new SelectItems(SecurityItems.Authenticator), applicant);
        if (state == CaseState.Cancelled)
        {
            script.Do(_ => new Cancel(), applicant);
        }

        script.Do(_ => new RequestCode(VerificationTarget.BoundEmail), applicant);
        script.Do(_ => new VerifyCode(VerificationTarget.BoundEmail, script.LastCode!), applicant);
        script.Do(_ => new RequestCode(VerificationTarget.BoundPhone), applicant);
        script.Do(_ => new VerifyCode(VerificationTarget.BoundPhone, script.LastCode!), applicant);
        if (state == CaseState.Expired)
        {
            script.Do(_ => new Expire(), Actor.System, script.Case.ExpiresAt);
        }

        script.Do(_ => new AnswerQuestionnaire(Answers(), new QuestionnaireScore(3, 5)), applicant);
        script.Do(_ => new ProvideProofs(Proofs()), applicant);
        script.Do(_ => new SetNewContact(new ProtectedContact(ContactKind.Email, "n***@example.org", "new-email-fingerprint", "c2VhbGVkLW5ldy1jb250YWN0")), applicant);
        script.Do(_ => new RequestCode(VerificationTarget.NewContact), applicant);
        script.Do(_ => new VerifyCode(VerificationTarget.NewContact, script.LastCode!), applicant);
        script.Do(_ => new SubmitDocument(new IdentityDocument(new IdentityDocumentReference(DocumentType.NationalId, "DE", "document-fingerprint"), File("id-front.jpg", "image/jpeg"))), applicant);
        script.Do(now => new SubmitVideo(Video(account, now), Contacts: BoundOnStatement), applicant);
        script.Do(_ => new AcceptTerms("2026-11"), applicant);
        script.Do(_ => new Submit(), applicant);
        script.Do(_ => new Claim(), reviewer);
        if (state == CaseState.Rejected)
        {
            script.Do(_ => new Reject("evidence.insufficient"), reviewer);
        }

        script.Do(_ => new RequestInformation(AmendableItems.Questionnaire | AmendableItems.VerificationVideo, "video.unclear"), reviewer);
        script.Do(_ => new AnswerQuestionnaire(Answers(), new QuestionnaireScore(4, 5)), applicant);
        script.Do(now => new SubmitVideo(Video(account, now), Contacts: BoundOnStatement), applicant);
        script.Do(_ => new Submit(), applicant);
        script.Do(_ => new Claim(), reviewer);
        script.Do(_ => new Approve(), reviewer);
        if (state == CaseState.Disputed)
        {
            // The approval's notice carried a "this wasn't me" token (the service issues it; here its hash only).
            script.WithDisputeToken("ZGlzcHV0ZS10b2tlbi1oYXNo", ContactKind.Email);
            script.Do(_ => new Dispute("ZGlzcHV0ZS10b2tlbi1oYXNo", "I did not ask for this"), Actor.System);
        }

        script.Do(_ => new CompleteReset(), Actor.System);
        return script.Steps;
    }

    /// <summary>A new case in <paramref name="state"/>: the last snapshot of <see cref="Flow"/>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="accountId">The account; a new unique id when <see langword="null"/>.</param>
    /// <param name="start">When the case is opened.</param>
    /// <returns>The case.</returns>
    public static StoredCase InState(CaseState state, string? accountId = null, DateTimeOffset? start = null) => Flow(state, accountId, start)[^1].Case;

    /// <summary>Every event of a flow, in order.</summary>
    /// <param name="steps">The steps.</param>
    /// <returns>The events.</returns>
    public static IReadOnlyList<CaseEvent> EventsOf(IReadOnlyList<CaseStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return [.. steps.SelectMany(s => s.Events)];
    }

    /// <summary>Writes a flow to a store as the service would: the opening as an insert, then one save per step.</summary>
    /// <param name="store">The store.</param>
    /// <param name="steps">The steps.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The last case written.</returns>
    public static async Task<StoredCase> WriteAsync(IResetCaseStore store, IReadOnlyList<CaseStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(steps);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(Commit(step.Case, i == 0 ? 0 : step.ExpectedVersion, step.Events), cancellationToken));
        }

        return steps[^1].Case;
    }

    /// <summary>A commit of a case and its events only: no guard, no idempotency record, no messages.</summary>
    /// <param name="storedCase">The case.</param>
    /// <param name="expectedVersion">The version it replaces, or 0 to insert it.</param>
    /// <param name="events">Its events.</param>
    /// <returns>The commit.</returns>
    public static CaseCommit Commit(StoredCase storedCase, long expectedVersion, IReadOnlyList<CaseEvent> events) =>
        new(storedCase, expectedVersion, events, null, null, [], [], Start);

    /// <summary>The longest account guard payload the library writes.</summary>
    internal const int GuardPayloadMax = AccountLimitsFormat.MaxLength;

    /// <summary>
    /// A guard as the library writes it: <paramref name="failures"/> failed authenticator codes (none for 0), a code
    /// sent to the bound email and an accepted authenticator step.
    /// </summary>
    internal static AccountGuard Guard(string accountId, long version, int failures)
    {
        var limits = AccountLimits.None.Sent(new SendDestination(AccountLimits.EmailSendsKey), Start, TimeSpan.FromHours(24)).WithTotpStep(59_000_123);
        for (var i = 0; i < failures; i++)
        {
            limits = limits.Failed(AccountFactor.Authenticator, Start.AddSeconds(i), TimeSpan.FromHours(24));
        }

        return new AccountGuard(accountId, version, limits.Write());
    }

    /// <summary>A guard whose payload is as long as a payload may be, of every printable ASCII character: what a store must keep as given.</summary>
    internal static AccountGuard FullGuard(string accountId, long version)
    {
        var payload = new StringBuilder(GuardPayloadMax);
        while (payload.Length < GuardPayloadMax)
        {
            payload.Append((char)(' ' + (payload.Length % 95)));
        }

        return new AccountGuard(accountId, version, payload.ToString());
    }

    /// <summary>A new account id, unique in the process.</summary>
    /// <returns>The id.</returns>
    public static string NewAccountId() => "U-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A variant of a sample case, changed on the snapshot and stored again, so that its columns and its payload
    /// still describe one case.
    /// </summary>
    internal static StoredCase Vary(StoredCase storedCase, Func<ResetCase, ResetCase> change) =>
        CaseSnapshotSerializer.ToStored(change(CaseSnapshotSerializer.FromStored(storedCase)));

    private static AccountSnapshot Account(string accountId, KycLevel kyc) => new(
        accountId,
        new ProtectedContact(ContactKind.Email, "a***@example.com", "bound-email-fingerprint"),
        new ProtectedContact(ContactKind.Phone, "+49*******78", "bound-phone-fingerprint"),
        AuthenticatorBound: true,
        kyc,
        kyc == KycLevel.None ? null : new IdentityDocumentReference(DocumentType.Passport, "DE", "kyc-document-fingerprint"));

    private static QuestionnaireAnswers Answers() => new(["BTC/USDT"], ["BTC", "ETH"], ["bc1qdeposit"], [], null, "alice");

    private static IReadOnlyList<SupplementaryProof> Proofs() =>
    [
        new(ProofKind.SourceOfFunds, File("source.pdf", "application/pdf")),
        new(ProofKind.DestinationOfFunds, File("destination.pdf", "application/pdf")),
        new(ProofKind.NotificationRecords, File("notifications.png", "image/png")),
        new(ProofKind.FiatTransactionRecords, File("fiat.pdf", "application/pdf")),
        new(ProofKind.Other, File("other.jpg", "image/jpeg")),
    ];

    /// <summary>The statement's email and phone as the service fingerprints them: the account's bound ones.</summary>
    private static readonly StatementContacts BoundOnStatement = new("bound-email-fingerprint", "bound-phone-fingerprint");

    private static VerificationVideo Video(string accountId, DateTimeOffset now) => new(
        File("video.mp4", "video/mp4", 5_000_000),
        new DeclaredStatement(accountId, "alice@example.com", "+4915112345678", DateOnly.FromDateTime(now.UtcDateTime), TimeSpan.Zero, "Lost the phone with the authenticator"));

    private static EvidenceReference File(string id, string mediaType, long size = 2048) =>
        new(id, mediaType, size, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))));

    /// <summary>Runs commands through the decider, one minute apart, until the target state is reached.</summary>
    private sealed class Script
    {
        private readonly List<CaseStep> _steps = [];
        private readonly CaseState _target;
        private DateTimeOffset _now;

        public Script(AccountSnapshot account, DateTimeOffset start, CaseState target)
        {
            _target = target;
            _now = start;
            var opened = Decider.Open(CaseId.New(), account, Channel.Web, EntryPoint.LoggedIn, start);
            Case = opened.Case;
            _steps.Add(new CaseStep(CaseSnapshotSerializer.ToStored(opened.Case), 0, opened.Events));
        }

        public ResetCase Case { get; private set; }

        public string? LastCode { get; private set; }

        public bool Reached => Case.State == _target;

        /// <summary>Adds a dispute token's hash to the case, as the service does when it sends a notice.</summary>
        public void WithDisputeToken(string hash, ContactKind channel) =>
            Case = Case with { DisputeTokens = Case.DisputeTokens.Add(new DisputeToken(hash, channel)) };

        public IReadOnlyList<CaseStep> Steps => _steps;

        public void Do(Func<DateTimeOffset, CaseCommand> command, Actor actor, DateTimeOffset? at = null)
        {
            if (Reached)
            {
                return;
            }

            _now = at ?? _now.AddMinutes(1);
            var decision = Decider.Decide(Case, command(_now), actor, _now);
            if (!decision.Succeeded)
            {
                throw new InvalidOperationException($"The sample flow was refused at {Case.State}: {decision.Error!.Code}.");
            }

            _steps.Add(new CaseStep(CaseSnapshotSerializer.ToStored(decision.Case), Case.Version, decision.Events));
            Case = decision.Case;
            LastCode = decision.IssuedCode?.Code ?? LastCode;
        }
    }
}
