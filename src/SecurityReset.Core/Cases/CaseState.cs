namespace SecurityReset;

/// <summary>
/// Where a reset case stands. The names (a store's state column) and the numbers (the snapshot payload) are persisted:
/// never rename or renumber a member, only add new ones.
/// </summary>
public enum CaseState
{
    /// <summary>The case is open; the applicant chooses which bound items are unavailable.</summary>
    SelectingItems = 0,

    /// <summary>The applicant proves control of the remaining items, or passes a face scan.</summary>
    VerifyingItems = 1,

    /// <summary>The applicant answers the account information questionnaire.</summary>
    Questionnaire = 2,

    /// <summary>The applicant provides supplementary proof materials.</summary>
    SupplementaryProofs = 3,

    /// <summary>The applicant gives a new contact, the ID document, the video and accepts the terms.</summary>
    IdentityVerification = 4,

    /// <summary>Every required step is done; the case waits for the applicant to submit it.</summary>
    ReadyToSubmit = 5,

    /// <summary>The case waits in the review queue.</summary>
    Submitted = 6,

    /// <summary>A reviewer has claimed the case.</summary>
    UnderReview = 7,

    /// <summary>The reviewer asked the applicant to amend named items and resubmit.</summary>
    InformationRequested = 8,

    /// <summary>The reviewer approved the case; the reset has not been applied yet.</summary>
    Approved = 9,

    /// <summary>The reset was applied. Terminal.</summary>
    Completed = 10,

    /// <summary>The reviewer rejected the case. Terminal.</summary>
    Rejected = 11,

    /// <summary>The applicant cancelled the case. Terminal.</summary>
    Cancelled = 12,

    /// <summary>The case was left unfinished past its lifetime. Terminal.</summary>
    Expired = 13,

    /// <summary>
    /// The account's owner opened a case of their own while this one was open (signed in, or this case had proven
    /// no factor bound to the account): this one ended and its applicant credential stopped working. Terminal.
    /// </summary>
    Superseded = 14,

    /// <summary>
    /// The owner said "this wasn't me" after the approval, before the reset applied: the reset is held and the case is
    /// back in the review queue, flagged with the channel that disputed; a reviewer claims it and decides again.
    /// </summary>
    Disputed = 15,
}
