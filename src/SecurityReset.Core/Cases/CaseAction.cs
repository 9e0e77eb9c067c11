namespace SecurityReset;

/// <summary>
/// What an applicant or a reviewer may do to a case. Views list the actions open now
/// (<see cref="ApplicantCaseView.AvailableActions"/>, <see cref="ReviewerCaseView.AvailableActions"/>),
/// read from the workflow definition, so a host renders its screens from them instead of from the state.
/// </summary>
public enum CaseAction
{
    /// <summary>Select the unavailable items (<see cref="SecurityResetService.SelectItemsAsync"/>).</summary>
    SelectItems = 0,

    /// <summary>Ask for a code to a destination (<see cref="SecurityResetService.RequestCodeAsync"/>).</summary>
    RequestCode = 1,

    /// <summary>Enter a code received at a destination (<see cref="SecurityResetService.VerifyCodeAsync"/>).</summary>
    VerifyCode = 2,

    /// <summary>Enter the current authenticator code (<see cref="SecurityResetService.VerifyAuthenticatorAsync"/>).</summary>
    VerifyAuthenticator = 3,

    /// <summary>Pass a face scan instead of codes (<see cref="SecurityResetService.RecordFaceScanAsync"/>).</summary>
    RecordFaceScan = 4,

    /// <summary>Answer the questionnaire (<see cref="SecurityResetService.AnswerQuestionnaireAsync"/>).</summary>
    AnswerQuestionnaire = 5,

    /// <summary>Provide the supplementary proofs (<see cref="SecurityResetService.ProvideProofsAsync"/>).</summary>
    ProvideProofs = 6,

    /// <summary>Give a new contact (<see cref="SecurityResetService.SetNewContactAsync"/>).</summary>
    SetNewContact = 7,

    /// <summary>Upload the ID document (<see cref="SecurityResetService.SubmitDocumentAsync"/>).</summary>
    SubmitDocument = 8,

    /// <summary>Upload the verification video (<see cref="SecurityResetService.SubmitVideoAsync"/>).</summary>
    SubmitVideo = 9,

    /// <summary>Accept the terms (<see cref="SecurityResetService.AcceptTermsAsync"/>).</summary>
    AcceptTerms = 10,

    /// <summary>Submit or resubmit the case for review (<see cref="SecurityResetService.SubmitAsync"/>).</summary>
    Submit = 11,

    /// <summary>A reviewer claims the case (<see cref="SecurityResetService.ClaimAsync"/>).</summary>
    Claim = 12,

    /// <summary>The claiming reviewer approves (<see cref="SecurityResetService.ApproveAsync"/>).</summary>
    Approve = 13,

    /// <summary>The claiming reviewer rejects (<see cref="SecurityResetService.RejectAsync"/>).</summary>
    Reject = 14,

    /// <summary>The claiming reviewer asks for amendments (<see cref="SecurityResetService.RequestInformationAsync"/>).</summary>
    RequestInformation = 15,

    /// <summary>The applicant cancels (<see cref="SecurityResetService.CancelAsync"/>).</summary>
    Cancel = 17,
}
