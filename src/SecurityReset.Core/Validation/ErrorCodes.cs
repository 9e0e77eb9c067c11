namespace SecurityReset;

/// <summary>
/// Every error code the library returns. The strings are part of the public contract: they never change. Each
/// code has one <see cref="ErrorKind"/>, listed beside the codes below and carried by <see cref="ResetError.Kind"/>.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The command is not allowed in the case's current state (a step cannot be skipped).</summary>
    public const string TransitionNotAllowed = "transition.not_allowed";

    /// <summary>The actor may not perform this command on this case (for example a reviewer who did not claim it).</summary>
    public const string ActorNotAllowed = "actor.not_allowed";

    /// <summary>The case is past its lifetime, or past its review deadline.</summary>
    public const string CaseExpired = "case.expired";

    /// <summary>The expiry job ran on a case that has not expired yet.</summary>
    public const string CaseNotExpired = "case.not_expired";

    /// <summary>No case with this id exists for the caller.</summary>
    public const string CaseNotFound = "case.not_found";

    /// <summary>The account already has an open case.</summary>
    public const string CaseAlreadyOpen = "case.already_open";

    /// <summary>
    /// The applicant credential is missing, wrong or stale (it was replaced after a verified factor, or the case was
    /// superseded): the caller does not hold the case. Nothing was read or changed.
    /// </summary>
    public const string CredentialInvalid = "case.credential_invalid";

    /// <summary>
    /// The "this wasn't me" token is unknown, forged, already used, from another case, or its case has ended: one
    /// answer for all, so the token says nothing about the case. Nothing was changed.
    /// </summary>
    public const string DisputeTokenInvalid = "dispute.token_invalid";

    /// <summary>Concurrent changes kept winning; retry the command.</summary>
    public const string CaseBusy = "case.busy";

    /// <summary>
    /// The stored case failed an integrity check, so nothing acts on it: a sealed value that was not sealed for it, or
    /// an approval its audit trail does not show. The case is left as found, and the event is logged for an operator.
    /// </summary>
    public const string CaseQuarantined = "case.quarantined";

    /// <summary>No item was selected.</summary>
    public const string ItemsEmpty = "items.empty";

    /// <summary>A selected item is not bound to the account, or is not a known item.</summary>
    public const string ItemsNotBound = "items.not_bound";

    /// <summary>The item or destination does not need verification in this case.</summary>
    public const string VerificationNotRequired = "verification.not_required";

    /// <summary>The item or destination was verified already.</summary>
    public const string VerificationAlreadyDone = "verification.already_done";

    /// <summary>The code is not the right number of ASCII digits: <see cref="VerificationCodeOptions.Length"/> for a sent code, six for an authenticator code.</summary>
    public const string CodeMalformed = "code.malformed";

    /// <summary>The code is wrong; the attempt was counted.</summary>
    public const string CodeInvalid = "code.invalid";

    /// <summary>The code is past its lifetime; request a new one.</summary>
    public const string CodeExpired = "code.expired";

    /// <summary>No live code exists for the destination; request one.</summary>
    public const string CodeNotRequested = "code.not_requested";

    /// <summary>The wrong-attempt limit for the destination is reached.</summary>
    public const string CodeAttemptsExhausted = "code.attempts_exhausted";

    /// <summary>A code was sent less than the resend cooldown ago.</summary>
    public const string CodeResendTooSoon = "code.resend_too_soon";

    /// <summary>
    /// The destination received the most codes allowed for this case, or for the account within the window
    /// (across cases), or the account's new contacts for the window are used up; nothing was sent.
    /// </summary>
    public const string CodeSendLimitReached = "code.send_limit_reached";

    /// <summary>The authenticator code's time step was accepted before; the attempt was counted.</summary>
    public const string CodeReplayed = "code.replayed";

    /// <summary>
    /// Too many failed checks of this factor (a bound contact's codes, the authenticator, the face scan, the new
    /// contact's codes, the details compared with the account's own) for the account across cases; checks of it, and
    /// codes for it, are refused until the window passes.
    /// </summary>
    public const string AccountLocked = "account.locked";

    /// <summary>The face-scan shortcut needs Advanced KYC.</summary>
    public const string FaceScanNotOffered = "facescan.not_offered";

    /// <summary>Too many failed face scans: the shortcut is closed, use codes.</summary>
    public const string FaceScanClosed = "facescan.closed";

    /// <summary>The face-scan session was used in this case already (passed or failed); the vendor was not asked again.</summary>
    public const string FaceScanSessionUsed = "facescan.session_used";

    /// <summary>The face scan did not pass; the attempt was counted.</summary>
    public const string FaceScanFailed = "facescan.failed";

    /// <summary>The questionnaire answers are malformed.</summary>
    public const string QuestionnaireInvalid = "questionnaire.invalid";

    /// <summary>A required kind of supplementary proof is missing.</summary>
    public const string ProofsMissingRequired = "proofs.missing_required";

    /// <summary>More proof files than allowed.</summary>
    public const string ProofsTooMany = "proofs.too_many";

    /// <summary>An evidence reference is malformed (id, hash or size).</summary>
    public const string EvidenceInvalid = "evidence.invalid";

    /// <summary>An evidence file is larger than allowed.</summary>
    public const string EvidenceTooLarge = "evidence.too_large";

    /// <summary>An evidence file's media type is not allowed here.</summary>
    public const string EvidenceMediaTypeNotAllowed = "evidence.media_type_not_allowed";

    /// <summary>The contact is not a valid email address or E.164 phone number.</summary>
    public const string ContactInvalid = "contact.invalid";

    /// <summary>The new contact equals the contact of that kind currently bound to the account; the attempt was counted.</summary>
    public const string ContactSameAsCurrent = "contact.same_as_current";

    /// <summary>No new contact was given yet.</summary>
    public const string ContactNotSet = "contact.not_set";

    /// <summary>The document is malformed (type, country or number).</summary>
    public const string DocumentInvalid = "document.invalid";

    /// <summary>The account completed KYC and this is not the document KYC used; the attempt was counted.</summary>
    public const string DocumentNotKycDocument = "document.not_kyc_document";

    /// <summary>The statement is malformed.</summary>
    public const string StatementInvalid = "statement.invalid";

    /// <summary>The UID in the statement is not the account's.</summary>
    public const string StatementUidMismatch = "statement.uid_mismatch";

    /// <summary>
    /// The email or the phone in the statement is not the one bound to the account (or blank where one is bound); which
    /// one is not said; the attempt was counted.
    /// </summary>
    public const string StatementContactMismatch = "statement.contact_mismatch";

    /// <summary>The date in the statement is not today in the declared offset.</summary>
    public const string StatementDateNotToday = "statement.date_not_today";

    /// <summary>The statement gives no reason for the reset.</summary>
    public const string StatementReasonMissing = "statement.reason_missing";

    /// <summary>The terms version is missing or malformed.</summary>
    public const string TermsVersionInvalid = "terms.version_invalid";

    /// <summary>Something the submission needs is missing.</summary>
    public const string SubmissionIncomplete = "submission.incomplete";

    /// <summary>The item was not named in the reviewer's request for information.</summary>
    public const string AmendmentNotRequested = "amendment.not_requested";

    /// <summary>The reason code is missing or malformed (1–64 of a–z, 0–9, '.', '_', '-').</summary>
    public const string ReviewReasonInvalid = "review.reason_invalid";

    /// <summary>A request for information must name at least one item to amend.</summary>
    public const string ReviewAmendmentsRequired = "review.amendments_required";

    /// <summary>The review-queue cursor is not in the form the service issues.</summary>
    public const string ReviewCursorInvalid = "review.cursor_invalid";

    /// <summary>A reviewer's claim on the case has not lapsed yet (<see cref="LifetimeOptions.ReviewClaim"/>): it is theirs alone.</summary>
    public const string ReviewClaimHeld = "review.claim_held";

    /// <summary>The reviewer's claim lapsed (<see cref="LifetimeOptions.ReviewClaim"/>): claim the case again to decide it.</summary>
    public const string ReviewClaimLapsed = "review.claim_lapsed";

    /// <summary>The identity vendor's automated check of the video did not pass.</summary>
    public const string VideoCheckFailed = "video.check_failed";

    /// <summary>A request with this idempotency key is still running; retry later.</summary>
    public const string RequestInProgress = "request.in_progress";

    /// <summary>The idempotency key was used before with a different command.</summary>
    public const string IdempotencyKeyReused = "request.idempotency_key_reused";

    /// <summary>The request is malformed.</summary>
    public const string RequestInvalid = "request.invalid";

    /// <summary>
    /// The kind of each code, declared once here: a code without a kind is refused when a
    /// <see cref="ResetError"/> is made with it.
    /// </summary>
    /// <param name="code">A code from this class.</param>
    /// <param name="kind">The code's kind, when it is one of these codes.</param>
    /// <returns>Whether <paramref name="code"/> is one of these codes.</returns>
    internal static bool TryGetKind(string? code, out ErrorKind kind)
    {
        ErrorKind? found = code switch
        {
            ItemsEmpty or CodeMalformed or QuestionnaireInvalid or EvidenceInvalid or ContactInvalid or DocumentInvalid
                or StatementInvalid or StatementReasonMissing or TermsVersionInvalid or ReviewReasonInvalid
                or ReviewAmendmentsRequired or ReviewCursorInvalid or RequestInvalid => ErrorKind.Malformed,

            CaseNotFound => ErrorKind.NotFound,

            TransitionNotAllowed or CaseAlreadyOpen or CaseBusy or VerificationAlreadyDone or RequestInProgress
                or IdempotencyKeyReused or ReviewClaimHeld => ErrorKind.Conflict,

            ActorNotAllowed or CaseNotExpired or ItemsNotBound or VerificationNotRequired or CodeInvalid
                or CodeNotRequested or CodeAttemptsExhausted or CodeSendLimitReached or CodeReplayed
                or FaceScanNotOffered or FaceScanClosed or FaceScanSessionUsed or FaceScanFailed or ProofsMissingRequired or ProofsTooMany
                or EvidenceTooLarge or EvidenceMediaTypeNotAllowed or ContactSameAsCurrent or ContactNotSet
                or DocumentNotKycDocument or StatementUidMismatch or StatementContactMismatch or StatementDateNotToday or SubmissionIncomplete
                or AmendmentNotRequested or VideoCheckFailed => ErrorKind.Refused,

            CaseExpired or CodeExpired or ReviewClaimLapsed => ErrorKind.Gone,

            CredentialInvalid or DisputeTokenInvalid => ErrorKind.Denied,

            CaseQuarantined => ErrorKind.Quarantined,

            CodeResendTooSoon or AccountLocked => ErrorKind.RetryLater,

            _ => null,
        };
        kind = found.GetValueOrDefault();
        return found.HasValue;
    }
}
