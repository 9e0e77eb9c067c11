using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecurityReset.Delivery;
using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Trail;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Steps;

namespace SecurityReset;

/// <summary>
/// The application service a host calls from its controllers: one method per applicant or reviewer action.
/// Each call loads the case, asks <see cref="CaseDecider"/>, saves with a version check (deciding again on a
/// conflict, a bounded number of times) and only then talks to the outside world through the ports.
/// Every mutating call takes an optional idempotency key. Thread-safe.
/// </summary>
public sealed partial class SecurityResetService
{
    private const int MaxIdempotencyKeyLength = 128;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SecurityResetOptions _options;
    private readonly CaseDecider _decider;
    private readonly SecretKeyring _keys;
    private readonly PersonalDataProtector _protector;
    private readonly OutboxSealer _outbox;
    private readonly TrailSealer _trail;
    private readonly CaseStore _store;
    private readonly IVerificationMessenger _messenger;
    private readonly IIdentityChecks _identity;
    private readonly IAccountDirectory _directory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Where the evidence files live, when the host registered a store for them: the purge deletes a case's files.</summary>
    internal IEvidenceStore? Evidence { get; set; }

    /// <summary>Creates the service.</summary>
    /// <param name="options">The options; checked here unless <c>AddSecurityReset</c> checked them at start-up.</param>
    /// <param name="store">The case store.</param>
    /// <param name="messenger">The messenger.</param>
    /// <param name="identity">The identity vendor.</param>
    /// <param name="directory">The account directory.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger; nothing is logged when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">An option is outside its documented range.</exception>
    public SecurityResetService(
        IOptions<SecurityResetOptions> options,
        IResetCaseStore store,
        IVerificationMessenger messenger,
        IIdentityChecks identity,
        IAccountDirectory directory,
        TimeProvider timeProvider,
        ILogger<SecurityResetService>? logger = null)
        : this(options, store, messenger, identity, directory, timeProvider, codeGenerator: null, logger)
    {
    }

    /// <summary>Creates the service with its own source of codes (tests draw known codes).</summary>
    internal SecurityResetService(
        IOptions<SecurityResetOptions> options,
        IResetCaseStore store,
        IVerificationMessenger messenger,
        IIdentityChecks identity,
        IAccountDirectory directory,
        TimeProvider timeProvider,
        IVerificationCodeGenerator? codeGenerator,
        ILogger<SecurityResetService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = SecurityResetOptionsValidator.EnsureValid(options);
        _decider = new CaseDecider(_options, codeGenerator);
        _keys = new SecretKeyring(_options.SecretKey!, _options.PreviousSecretKeys);
        _protector = new PersonalDataProtector(_keys);
        _outbox = new OutboxSealer(_protector);
        _trail = new TrailSealer(_keys);
        _store = new CaseStore(store ?? throw new ArgumentNullException(nameof(store)), new SnapshotSeal(_keys), (id, reason) => Quarantined<ApplicantCaseView>(id, reason));
        _messenger = messenger ?? throw new ArgumentNullException(nameof(messenger));
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Opens a case. For a signed-out identifier that matches no account the answer has the same shape: a case
    /// over a stand-in account that can never pass verification, and nothing is sent anywhere. Until a factor bound to
    /// the account is proven, a signed-out case shows every item as bound, no masked contact and no face scan, whatever
    /// the account; and a signed-out open that meets a case whose owner proved a factor gets a stand-in's case too.
    /// </summary>
    /// <param name="request">Who opens it and how.</param>
    /// <param name="idempotencyKey">An optional client-chosen key; a retry with it returns the first answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new case; <c>case.already_open</c> is kept for hosts' mapping but a signed-out or signed-in open never answers it.</returns>
    public Task<ResetResult<ApplicantCaseView>> OpenCaseAsync(OpenCaseRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = request.CallerScope ?? request.AccountId;
        if (idempotencyKey is not null && scope is null)
        {
            return Task.FromResult(new ResetResult<ApplicantCaseView>(
                new ResetError(ErrorCodes.RequestInvalid, "A signed-out open with an idempotency key needs the caller's scope (OpenCaseRequest.CallerScope)."), null));
        }

        return IdempotentAsync(new IdempotencyScope("open", null, scope ?? string.Empty), idempotencyKey, () => _protector.Fingerprint("open", $"{request.AccountId}|{request.Identifier}|{request.Channel}|{request.EntryPoint}"),
            (ticket, ct) => OpenAsync(request, ticket, ct), cancellationToken);
    }

    /// <summary>The applicant's view of a case.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view, or <c>case.not_found</c>, or <c>case.credential_invalid</c> (nothing shown) when the credential is not the case's.</returns>
    public Task<ResetResult<ApplicantCaseView>> GetCaseAsync(ApplicantAccess access, CancellationToken cancellationToken = default) =>
        UnlessQuarantinedAsync(async () =>
        {
            var found = await ExpiredIfDueAsync(await _store.LoadAsync(access.CaseId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return found is null ? NotFound<ApplicantCaseView>()
                : !Holds(found, access.Credential) ? CredentialRefused<ApplicantCaseView>()
                : new(null, ApplicantView(found));
        });

    /// <summary>Selects the unavailable items.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="items">The items to reset.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> SelectItemsAsync(ApplicantAccess access, SecurityItems items, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new SelectItems(items), idempotencyKey, cancellationToken);

    /// <summary>Issues a code for a bound contact being verified, or for the new contact; it is sent by the outbox dispatcher.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="target">Where to send it.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; the code waits in the outbox (<see cref="ApplicantCaseView.CodesOnTheirWay"/>) for <see cref="DispatchAsync"/>.</returns>
    public Task<ResetResult<ApplicantCaseView>> RequestCodeAsync(ApplicantAccess access, VerificationTarget target, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new RequestCode(target), idempotencyKey, cancellationToken);

    /// <summary>Checks a code received by email or SMS.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="target">Where the code was sent.</param>
    /// <param name="code">The code as typed.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> VerifyCodeAsync(ApplicantAccess access, VerificationTarget target, string code, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new VerifyCode(target, code ?? string.Empty), idempotencyKey, cancellationToken);

    /// <summary>Checks the current authenticator code.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="code">The code as typed.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> VerifyAuthenticatorAsync(ApplicantAccess access, string code, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new VerifyAuthenticator(code ?? string.Empty), idempotencyKey, cancellationToken);

    /// <summary>
    /// Records the result of a face-scan session, fetched from the identity vendor (never taken from the client) for this
    /// case: the case id is the nonce the session must have been started with. A session is consumed once per case.
    /// </summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="scanSessionId">The vendor session the client completed.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; <c>facescan.session_used</c> for a session this case recorded already, without asking the vendor.</returns>
    public Task<ResetResult<ApplicantCaseView>> RecordFaceScanAsync(ApplicantAccess access, string scanSessionId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var session = scanSessionId ?? string.Empty;
        return IdempotentAsync(Scope(access), idempotencyKey, () => HashOf("facescan", session), (ticket, ct) => RunApplicantAsync(access, ticket, async (current, token) =>
        {
            if (!Text.IsCleanNonBlank(session, Text.ShortMax))
            {
                return Prepared.Refused(new ResetError(ErrorCodes.RequestInvalid, "The scan session id is missing or malformed."));
            }

            // The vendor is asked only when the workflow would take this session now.
            var scan = RecordFaceScan.Before(_protector.Fingerprint("facescan-session", session));
            if (_decider.CheckBeforeVendor(current, scan, ApplicantOf(current), _time.GetUtcNow()) is { } refusal)
            {
                return Prepared.RefusedBeforeAsking(CaseTrigger.RecordFaceScan, refusal);
            }

            var result = await _identity.GetFaceScanResultAsync(current.Account.AccountId, current.Id, session, token).ConfigureAwait(false);
            return new Prepared(scan with { Passed = result.Passed, VendorReference = result.VendorReference });
        }, ct), cancellationToken);
    }

    /// <summary>Answers the questionnaire; the score is computed here and shown to reviewers only.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="answers">The answers.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; it never says which answer was right.</returns>
    public Task<ResetResult<ApplicantCaseView>> AnswerQuestionnaireAsync(ApplicantAccess access, QuestionnaireAnswers answers, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        IdempotentAsync(Scope(access), idempotencyKey, () => HashOf("questionnaire", answers), (ticket, ct) => RunApplicantAsync(access, ticket, async (current, token) =>
        {
            var shape = QuestionnaireAnswersValidator.Instance.FirstError(answers, ErrorCodes.QuestionnaireInvalid);
            if (shape is not null)
            {
                return Prepared.Refused(shape);
            }

            var facts = await _directory.GetQuestionnaireFactsAsync(current.Account.AccountId, token).ConfigureAwait(false);
            return new Prepared(new AnswerQuestionnaire(answers, QuestionnaireScorer.Score(answers, facts)));
        }, ct), cancellationToken);

    /// <summary>Provides the supplementary proofs.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="proofs">The proofs.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> ProvideProofsAsync(ApplicantAccess access, IReadOnlyList<SupplementaryProof> proofs, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new ProvideProofs(proofs ?? []), idempotencyKey, cancellationToken);

    /// <summary>Gives the new contact; it must differ from the bound one of its kind.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="kind">Email or phone.</param>
    /// <param name="address">One address, as typed.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> SetNewContactAsync(ApplicantAccess access, ContactKind kind, string address, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(kind) || !ContactNormalizer.TryNormalize(kind, address, out var normalized))
        {
            return Task.FromResult(new ResetResult<ApplicantCaseView>(new ResetError(ErrorCodes.ContactInvalid, "Give one valid email address or E.164 phone number."), null));
        }

        var contact = _protector.ProtectNewContact(access.CaseId, kind, normalized);
        return IdempotentAsync(Scope(access), idempotencyKey, () => HashOf("contact", $"{kind}|{contact.Fingerprint}"),
            (ticket, ct) => RunApplicantAsync(access, ticket, Just(new SetNewContact(contact)), ct), cancellationToken);
    }

    /// <summary>Uploads the ID document; for a KYC'd account it must be the KYC document.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="document">The document.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> SubmitDocumentAsync(ApplicantAccess access, DocumentSubmission document, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (document is null || !Enum.IsDefined(document.Type) || !Text.IsCountryCode(document.IssuingCountry?.Trim().ToUpperInvariant())
            || !Text.IsCleanNonBlank(document.Number, 64))
        {
            return Task.FromResult(new ResetResult<ApplicantCaseView>(new ResetError(ErrorCodes.DocumentInvalid, "The document type, country or number is malformed."), null));
        }

        var reference = _protector.Document(document.Type, document.IssuingCountry!, document.Number);
        var submitted = new IdentityDocument(reference, document.FrontImage);
        return IdempotentAsync(Scope(access), idempotencyKey, () => HashOf("document", submitted), (ticket, ct) => RunApplicantAsync(access, ticket, async (current, token) =>
        {
            if (_decider.Check(current, CaseTrigger.SubmitDocument, ApplicantOf(current), _time.GetUtcNow()) is { } refusal)
            {
                return Prepared.RefusedBeforeAsking(CaseTrigger.SubmitDocument, refusal);
            }

            bool? confirmed = IdentityVerificationStep.AsksVendorAboutDocument(current)
                ? await _identity.IsKycDocumentAsync(current.Account.AccountId, document, token).ConfigureAwait(false)
                : null;
            return new Prepared(new SubmitDocument(submitted, confirmed));
        }, ct), cancellationToken);
    }

    /// <summary>Uploads the verification video with its declared statement.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="video">The video and statement.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> SubmitVideoAsync(ApplicantAccess access, VerificationVideo video, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        IdempotentAsync(Scope(access), idempotencyKey, () => HashOf("video", video), (ticket, ct) => RunApplicantAsync(access, ticket, async (current, token) =>
        {
            if (_decider.Check(current, CaseTrigger.SubmitVideo, ApplicantOf(current), _time.GetUtcNow()) is { } refusal)
            {
                return Prepared.RefusedBeforeAsking(CaseTrigger.SubmitVideo, refusal);
            }

            var check = video?.Video is null ? null : await _identity.CheckVideoAsync(current.Account.AccountId, video.Video, token).ConfigureAwait(false);
            return new Prepared(new SubmitVideo(video!, check?.Passed, _protector.StatementContactsOf(video?.Statement)));
        }, ct), cancellationToken);

    /// <summary>Accepts the terms.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="termsVersion">The version of the terms shown.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> AcceptTermsAsync(ApplicantAccess access, string termsVersion, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new AcceptTerms(termsVersion ?? string.Empty), idempotencyKey, cancellationToken);

    /// <summary>Submits (or resubmits) the case to the review queue.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> SubmitAsync(ApplicantAccess access, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new Submit(), idempotencyKey, cancellationToken);

    /// <summary>Cancels the case before a decision.</summary>
    /// <param name="access">The case and the applicant credential.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ApplicantCaseView>> CancelAsync(ApplicantAccess access, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ApplicantAsync(access, new Cancel(), idempotencyKey, cancellationToken);

    /// <summary>A page of the review queue, oldest submission first.</summary>
    /// <param name="cursor">The cursor of the previous page, or <see langword="null"/>.</param>
    /// <param name="pageSize">Between 1 and 200.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, or <c>review.cursor_invalid</c> (nothing read) when <paramref name="cursor"/> is not in the form this service issues.</returns>
    public async Task<ResetResult<ReviewQueuePage>> ListReviewQueueAsync(string? cursor = null, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        ReviewQueueCursor? after = null;
        if (cursor is not null && !ReviewQueueCursor.TryParse(cursor, out after))
        {
            return new(new ResetError(ErrorCodes.ReviewCursorInvalid, "The cursor is not one this service issued."), null);
        }

        var size = Math.Clamp(pageSize, 1, 200);
        var (cases, last, read) = await _store.ListReviewQueueAsync(after, size, cancellationToken).ConfigureAwait(false);
        var next = read == size ? last!.ToString() : null;
        var items = cases.Select(c => new ReviewQueueItem(c.Id, c.Account.AccountId, c.Channel, c.State, c.SubmittedAt!.Value, c.ReviewerId, c.SelectedItems, c.VerificationMethod, c.Questionnaire?.Score)).ToList();
        return new(null, new ReviewQueuePage(items, next) { Quarantined = read - cases.Count });
    }

    /// <summary>
    /// The reviewer's view of a case: the snapshot with the questionnaire score, and the audit trail with its
    /// verification. Opening a case for review is recorded: a <c>case.reviewer_viewed</c> event (who, when) is committed
    /// onto the trail before the view is answered, so every look at a person's evidence leaves a sealed mark.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="reviewerId">Who looks: the host's signed-in reviewer, never a value from the request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view, or <c>case.not_found</c>, <c>request.invalid</c> for a missing or malformed reviewer id, or <c>case.quarantined</c>.</returns>
    public async Task<ResetResult<ReviewerCaseView>> GetCaseForReviewAsync(CaseId caseId, string reviewerId, CancellationToken cancellationToken = default)
    {
        if (!Text.IsCleanNonBlank(reviewerId, Text.ShortMax))
        {
            return new(new ResetError(ErrorCodes.RequestInvalid, "The reviewer id is missing or malformed."), null);
        }

        return await UnlessQuarantinedAsync(async () =>
        {
            for (var attempt = 0; attempt <= _options.MaxConcurrencyRetries; attempt++)
            {
                var found = await ExpiredIfDueAsync(await _store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                if (found is null)
                {
                    return NotFound<ReviewerCaseView>();
                }

                // The look keeps the row's purge due time: reading an ended case never postpones its purge.
                var purgeAfter = (await _store.LoadStoredAsync(caseId, cancellationToken).ConfigureAwait(false))?.PurgeAfter;
                var now = _time.GetUtcNow();
                var viewed = found with { Version = found.Version + 1 };
                var (sealedCase, events) = _trail.Seal(viewed, [new CaseEvent(caseId, viewed.Version, CaseEventTypes.ReviewerViewed, now, Actor.Reviewer(reviewerId), null)]);
                var write = await _store.CommitAsync(new CaseCommit(_store.ToStored(sealedCase, purgeAfter), found.Version, events, null, null, [], [], now), cancellationToken).ConfigureAwait(false);
                if (write == StoreWriteResult.Written)
                {
                    return new(null, await ReviewerViewAsync(sealedCase, cancellationToken).ConfigureAwait(false));
                }

                Log.VersionConflict(_logger, caseId, attempt + 1);
            }

            return Busy<ReviewerCaseView>();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a case's audit trail: every event sealed and chained to the one before it, from the opening to the last
    /// event the case knows of. A trail that does not hold was edited outside the library (an event changed, inserted,
    /// removed or moved, or the trail cut short), and the answer says where it breaks; the reset of such a case is never
    /// applied. Reads only.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verification; <c>case.not_found</c> for an unknown case.</returns>
    public Task<ResetResult<TrailVerification>> VerifyTrailAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        UnlessQuarantinedAsync(async () =>
        {
            var found = await _store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
            return found is null
                ? NotFound<TrailVerification>()
                : new(null, _trail.Verify(found, await _store.ReadEventsAsync(caseId, cancellationToken).ConfigureAwait(false)));
        });

    /// <summary>A read's answer, or <c>case.quarantined</c> when the case it reads does not verify.</summary>
    private async Task<ResetResult<T>> UnlessQuarantinedAsync<T>(Func<Task<ResetResult<T>>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (QuarantinedCaseException ex)
        {
            return Quarantined<T>(ex.CaseId, ex.Reason);
        }
    }

    /// <summary>Claims a submitted case for review.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="reviewerId">The reviewer.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ReviewerCaseView>> ClaimAsync(CaseId caseId, string reviewerId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ReviewerAsync(caseId, reviewerId, new Claim(), idempotencyKey, cancellationToken);

    /// <summary>Approves a claimed case; the reset to apply is committed with the approval, in the outbox.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="reviewerId">The claiming reviewer.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result: Approved. The reset is applied by <see cref="DispatchAsync"/>, which then completes the case and notifies the old channels.</returns>
    public Task<ResetResult<ReviewerCaseView>> ApproveAsync(CaseId caseId, string reviewerId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ReviewerAsync(caseId, reviewerId, new Approve(), idempotencyKey, cancellationToken);

    /// <summary>Rejects a claimed case.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="reviewerId">The claiming reviewer.</param>
    /// <param name="reasonCode">The reason code.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ReviewerCaseView>> RejectAsync(CaseId caseId, string reviewerId, string reasonCode, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ReviewerAsync(caseId, reviewerId, new Reject(reasonCode ?? string.Empty), idempotencyKey, cancellationToken);

    /// <summary>Asks the applicant to amend named items and resubmit.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="reviewerId">The claiming reviewer.</param>
    /// <param name="items">What to amend.</param>
    /// <param name="reasonCode">The reason code.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public Task<ResetResult<ReviewerCaseView>> RequestInformationAsync(CaseId caseId, string reviewerId, AmendableItems items, string reasonCode, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ReviewerAsync(caseId, reviewerId, new RequestInformation(items, reasonCode ?? string.Empty), idempotencyKey, cancellationToken);

    /// <summary>
    /// Expires unfinished cases past their lifetime, and submitted cases past their review deadline (the account's channels
    /// are told), a page at a time. Call it from a timer or background job. A quarantined case among them ends by its
    /// columns alone (state <see cref="CaseState.Expired"/>, a sealed <c>case.expired</c> event with detail
    /// <c>quarantined</c>, its payload kept as found for an operator, nobody told), so it holds back no other case.
    /// </summary>
    /// <param name="pageSize">How many cases to look at per page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many cases expired.</returns>
    public async Task<int> ExpireCasesAsync(int pageSize = 100, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize, 1, 1000);
        var expired = 0;
        while (true)
        {
            var page = await _store.ListExpiredAsync(_time.GetUtcNow(), size, cancellationToken).ConfigureAwait(false);
            var progressed = 0;
            foreach (var candidate in page)
            {
                var outcome = await RunAsync<ApplicantCaseView>(candidate.Id, null, _ => Actor.System, Just(new Expire()), null, null, null, cancellationToken).ConfigureAwait(false);
                if (outcome.Error is null
                    || outcome.Error.Code == ErrorCodes.CaseQuarantined
                    && await EndQuarantinedAsync(candidate, CaseState.Expired, CaseEventTypes.Expired, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Written)
                {
                    // A quarantined case past its lifetime ends by its columns: left open, it would come back first on
                    // every page and hold back the expiry of the cases behind it.
                    expired++;
                    progressed++;
                }
            }

            if (page.Count < size || progressed == 0)
            {
                return expired;
            }
        }
    }

    private static IdempotencyScope Scope(ApplicantAccess access) => new("case", access.CaseId, access.Credential ?? string.Empty);

    private static IdempotencyScope Scope(CaseId caseId, string reviewerId) => new("review", caseId, reviewerId);

    private static ResetResult<T> NotFound<T>()
        where T : class => new(new ResetError(ErrorCodes.CaseNotFound, "No such case."), null);

    private string HashOf(string operation, object? payload)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { operation, payload }, Json);
        return Convert.ToBase64String(HMACSHA256.HashData(_keys.IdempotencyKey, bytes));
    }

    private static Actor ApplicantOf(ResetCase c) => Actor.Applicant(c.Account.AccountId);

    private ApplicantCaseView ApplicantView(ResetCase c)
    {
        var now = _time.GetUtcNow();
        return ApplicantCaseView.From(c, _decider.Available(c, ApplicantOf(c), now), now);
    }

    private async Task<ReviewerCaseView> ReviewerViewAsync(ResetCase c, CancellationToken cancellationToken)
    {
        var trail = await _store.ReadEventsAsync(c.Id, cancellationToken).ConfigureAwait(false);
        return ReviewerViewOf(c, trail) with { Trail = _trail.Verify(c, trail) };
    }

    private ReviewerCaseView ReviewerViewOf(ResetCase c, IReadOnlyList<CaseEvent> trail) =>
        ReviewerCaseView.From(c, trail, _decider.Available(c, Actor.Reviewer(c.ReviewerId ?? "-"), _time.GetUtcNow()));

    private Task<ResetResult<ApplicantCaseView>> ApplicantAsync(ApplicantAccess access, CaseCommand command, string? idempotencyKey, CancellationToken cancellationToken) =>
        IdempotentAsync(Scope(access), idempotencyKey, () => HashOf(command.Trigger.ToString(), command), (ticket, ct) =>
            RunApplicantAsync(access, ticket, Just(command), ct), cancellationToken);

    private async Task<ResetResult<ReviewerCaseView>> ReviewerAsync(CaseId caseId, string reviewerId, CaseCommand command, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!Text.IsCleanNonBlank(reviewerId, Text.ShortMax))
        {
            return new(new ResetError(ErrorCodes.RequestInvalid, "The reviewer id is missing or malformed."), null);
        }

        // The answer carries the audit trail: read before the commit, plus the events the commit adds.
        return await IdempotentAsync(Scope(caseId, reviewerId), idempotencyKey, () => HashOf(command.Trigger.ToString(), new { reviewerId, command = (object)command }), (ticket, ct) =>
            RunAsync(caseId, null, _ => Actor.Reviewer(reviewerId), Just(command), async (c, error, added, _) =>
            {
                var trail = await _store.ReadEventsAsync(c.Id, ct).ConfigureAwait(false);
                return new ResetResult<ReviewerCaseView>(error, ReviewerViewOf(c, added.Count == 0 ? trail : [.. trail, .. added]));
            }, ticket, null, ct), cancellationToken).ConfigureAwait(false);
    }
}
