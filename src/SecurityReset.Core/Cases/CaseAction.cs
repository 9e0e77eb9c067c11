namespace SecurityReset.Cases;

/// <summary>
/// What an applicant or a reviewer may do to a case. Views list the actions open now
/// (<see cref="Service.ApplicantCaseView.AvailableActions"/>, <see cref="Service.ReviewerCaseView.AvailableActions"/>),
/// read from the workflow definition, so a host renders its screens from them instead of from the state.
/// </summary>
public enum CaseAction
{
    /// <summary>Select the unavailable items (<see cref="Service.SecurityResetService.SelectItemsAsync"/>).</summary>
    SelectItems = 0,

    /// <summary>Ask for a code to a destination (<see cref="Service.SecurityResetService.RequestCodeAsync"/>).</summary>
    RequestCode = 1,

    /// <summary>Enter a code received at a destination (<see cref="Service.SecurityResetService.VerifyCodeAsync"/>).</summary>
    VerifyCode = 2,

    /// <summary>Enter the current authenticator code (<see cref="Service.SecurityResetService.VerifyAuthenticatorAsync"/>).</summary>
    VerifyAuthenticator = 3,

    /// <summary>Pass a face scan instead of codes (<see cref="Service.SecurityResetService.RecordFaceScanAsync"/>).</summary>
    RecordFaceScan = 4,

    /// <summary>Answer the questionnaire (<see cref="Service.SecurityResetService.AnswerQuestionnaireAsync"/>).</summary>
    AnswerQuestionnaire = 5,

    /// <summary>Provide the supplementary proofs (<see cref="Service.SecurityResetService.ProvideProofsAsync"/>).</summary>
    ProvideProofs = 6,

    /// <summary>Give a new contact (<see cref="Service.SecurityResetService.SetNewContactAsync"/>).</summary>
    SetNewContact = 7,

    /// <summary>Upload the ID document (<see cref="Service.SecurityResetService.SubmitDocumentAsync"/>).</summary>
    SubmitDocument = 8,

    /// <summary>Upload the verification video (<see cref="Service.SecurityResetService.SubmitVideoAsync"/>).</summary>
    SubmitVideo = 9,

    /// <summary>Accept the terms (<see cref="Service.SecurityResetService.AcceptTermsAsync"/>).</summary>
    AcceptTerms = 10,

    /// <summary>Submit or resubmit the case for review (<see cref="Service.SecurityResetService.SubmitAsync"/>).</summary>
    Submit = 11,

    /// <summary>A reviewer claims the case (<see cref="Service.SecurityResetService.ClaimAsync"/>).</summary>
    Claim = 12,

    /// <summary>The claiming reviewer approves (<see cref="Service.SecurityResetService.ApproveAsync"/>).</summary>
    Approve = 13,

    /// <summary>The claiming reviewer rejects (<see cref="Service.SecurityResetService.RejectAsync"/>).</summary>
    Reject = 14,

    /// <summary>The claiming reviewer asks for amendments (<see cref="Service.SecurityResetService.RequestInformationAsync"/>).</summary>
    RequestInformation = 15,

    /// <summary>The applicant cancels (<see cref="Service.SecurityResetService.CancelAsync"/>).</summary>
    Cancel = 17,
}
