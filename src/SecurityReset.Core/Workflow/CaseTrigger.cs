namespace SecurityReset.Workflow;

/// <summary>Every command the workflow knows, as the transition table names it.</summary>
internal enum CaseTrigger
{
    /// <summary>The applicant selects the unavailable items.</summary>
    SelectItems = 0,

    /// <summary>The applicant asks for a code to a destination.</summary>
    RequestCode = 1,

    /// <summary>The applicant enters a code received at a destination.</summary>
    VerifyCode = 2,

    /// <summary>The applicant enters the current authenticator code.</summary>
    VerifyAuthenticator = 3,

    /// <summary>The identity vendor reports a face-scan result.</summary>
    RecordFaceScan = 4,

    /// <summary>The applicant answers the questionnaire.</summary>
    AnswerQuestionnaire = 5,

    /// <summary>The applicant provides the supplementary proofs.</summary>
    ProvideProofs = 6,

    /// <summary>The applicant gives a new contact.</summary>
    SetNewContact = 7,

    /// <summary>The applicant uploads the ID document.</summary>
    SubmitDocument = 8,

    /// <summary>The applicant uploads the verification video and its statement.</summary>
    SubmitVideo = 9,

    /// <summary>The applicant accepts the terms.</summary>
    AcceptTerms = 10,

    /// <summary>The applicant submits (or resubmits) the case for review.</summary>
    Submit = 11,

    /// <summary>A reviewer claims the case.</summary>
    Claim = 12,

    /// <summary>The reviewer approves.</summary>
    Approve = 13,

    /// <summary>The reviewer rejects with a reason code.</summary>
    Reject = 14,

    /// <summary>The reviewer asks the applicant to amend named items.</summary>
    RequestInformation = 15,

    /// <summary>The system records that the reset was applied.</summary>
    CompleteReset = 16,

    /// <summary>The applicant cancels.</summary>
    Cancel = 17,

    /// <summary>The system expires an unfinished case.</summary>
    Expire = 18,

    /// <summary>The system voids a code that could not be delivered, so the applicant can ask again at once.</summary>
    ReleaseUndeliveredCode = 19,
}
