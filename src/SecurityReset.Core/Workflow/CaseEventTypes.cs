namespace SecurityReset.Workflow;

/// <summary>The stable names of audit events.</summary>
internal static class CaseEventTypes
{
    /// <summary>The case was opened.</summary>
    public const string Opened = "case.opened";

    /// <summary>The applicant selected the items to reset.</summary>
    public const string ItemsSelected = "items.selected";

    /// <summary>A code was issued to a destination.</summary>
    public const string CodeIssued = "code.issued";

    /// <summary>A code that could not be delivered was voided.</summary>
    public const string CodeReleased = "code.released";

    /// <summary>A code was accepted.</summary>
    public const string CodeVerified = "code.verified";

    /// <summary>A wrong, replayed or otherwise failing code was counted.</summary>
    public const string CodeFailed = "code.failed";

    /// <summary>An authenticator code was accepted.</summary>
    public const string AuthenticatorVerified = "authenticator.verified";

    /// <summary>A face scan passed.</summary>
    public const string FaceScanPassed = "facescan.passed";

    /// <summary>A face scan failed.</summary>
    public const string FaceScanFailed = "facescan.failed";

    /// <summary>Verification of the remaining items finished; the policy chose the steps.</summary>
    public const string VerificationCompleted = "verification.completed";

    /// <summary>The questionnaire was answered.</summary>
    public const string QuestionnaireAnswered = "questionnaire.answered";

    /// <summary>Supplementary proofs were provided.</summary>
    public const string ProofsProvided = "proofs.provided";

    /// <summary>A new contact was given.</summary>
    public const string NewContactSet = "contact.set";

    /// <summary>A detail compared with the account's own did not match; the detail is the error code, never the value.</summary>
    public const string DetailMismatched = "identity.detail_mismatched";

    /// <summary>The ID document was uploaded.</summary>
    public const string DocumentSubmitted = "document.submitted";

    /// <summary>The verification video was uploaded.</summary>
    public const string VideoSubmitted = "video.submitted";

    /// <summary>The terms were accepted.</summary>
    public const string TermsAccepted = "terms.accepted";

    /// <summary>The case entered the review queue.</summary>
    public const string Submitted = "case.submitted";

    /// <summary>A reviewer claimed the case.</summary>
    public const string Claimed = "case.claimed";

    /// <summary>A reviewer claimed the case after the previous claim lapsed; the detail is the previous reviewer's id.</summary>
    public const string Reclaimed = "case.reclaimed";

    /// <summary>The reviewer approved.</summary>
    public const string Approved = "case.approved";

    /// <summary>The reviewer rejected.</summary>
    public const string Rejected = "case.rejected";

    /// <summary>The reviewer asked for more information.</summary>
    public const string InformationRequested = "case.information_requested";

    /// <summary>The reset was applied.</summary>
    public const string Completed = "case.completed";

    /// <summary>The applicant cancelled.</summary>
    public const string Cancelled = "case.cancelled";

    /// <summary>The case expired.</summary>
    public const string Expired = "case.expired";

    /// <summary>A reviewer opened the case for review (the actor says who): every look at the evidence is on the trail.</summary>
    public const string ReviewerViewed = "case.reviewer_viewed";

    /// <summary>The account's owner opened their own case, which ended this one.</summary>
    public const string Superseded = "case.superseded";

    /// <summary>
    /// Someone holding a channel bound before the case said "this wasn't me" with a notice's token: the case is flagged
    /// for the reviewer, and an approved one goes back to review with its reset held. The detail names the channel kind.
    /// </summary>
    public const string Disputed = "case.disputed";

    /// <summary>
    /// The approved reset started to apply once its dispute window passed: the case's "this wasn't me" tokens stop
    /// working from here, as a dispute can no longer hold the reset.
    /// </summary>
    public const string ResetStarted = "case.reset_started";

    /// <summary>
    /// The retention of the ended case passed and its personal data was redacted. The detail names the retention that
    /// applied (<c>after-decision</c> or <c>after-end</c>), nothing personal.
    /// </summary>
    public const string Purged = "case.purged";

    /// <summary>
    /// A checkpoint: the case's snapshot, sealed contact and pending messages were sealed again under the current key,
    /// so previous keys can be retired. The detail names the key ids it replaced, how many events came before it, and
    /// the SHA-256 digest of those events as stored, which vouches for them once their own key is gone.
    /// </summary>
    public const string Resealed = "case.resealed";

    /// <summary>An outbox message (code, notification or reset) was given up after its last try.</summary>
    public const string DeliveryGivenUp = "delivery.given_up";
}
