namespace SecurityReset.Workflow;

/// <summary>
/// Every trigger of the workflow: the public <see cref="CaseAction"/>s an applicant or a reviewer fires (same
/// numbers, so one converts to the other by a cast), and the ones only the library fires.
/// </summary>
internal enum CaseTrigger
{
    SelectItems = CaseAction.SelectItems,
    RequestCode = CaseAction.RequestCode,
    VerifyCode = CaseAction.VerifyCode,
    VerifyAuthenticator = CaseAction.VerifyAuthenticator,
    RecordFaceScan = CaseAction.RecordFaceScan,
    AnswerQuestionnaire = CaseAction.AnswerQuestionnaire,
    ProvideProofs = CaseAction.ProvideProofs,
    SetNewContact = CaseAction.SetNewContact,
    SubmitDocument = CaseAction.SubmitDocument,
    SubmitVideo = CaseAction.SubmitVideo,
    AcceptTerms = CaseAction.AcceptTerms,
    Submit = CaseAction.Submit,
    Claim = CaseAction.Claim,
    Approve = CaseAction.Approve,
    Reject = CaseAction.Reject,
    RequestInformation = CaseAction.RequestInformation,
    Cancel = CaseAction.Cancel,

    /// <summary>The library records that the approved reset was applied.</summary>
    CompleteReset = 16,

    /// <summary>The library expires an unfinished case past its lifetime.</summary>
    Expire = 18,

    /// <summary>The library voids a code that could not be delivered, so the applicant can ask again at once.</summary>
    ReleaseUndeliveredCode = 19,

    /// <summary>The library ends an open case because the account's owner opened their own.</summary>
    Supersede = 20,

    /// <summary>The owner disputes the case with the "this wasn't me" token of a notice.</summary>
    Dispute = 21,

    /// <summary>
    /// The library starts applying the approved reset, its dispute window passed: from this commit on no dispute can
    /// hold it (the case's tokens are spent), so none can land between the check and the directory's change.
    /// </summary>
    BeginReset = 22,
}
