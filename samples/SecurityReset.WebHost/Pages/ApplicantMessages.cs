using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages;

/// <summary>What the applicant reads for each error code: the host's wording, never the library's developer text.</summary>
internal static class ApplicantMessages
{
    public static string For(string code) => code switch
    {
        ErrorCodes.ItemsEmpty => "Select at least one item to reset.",
        ErrorCodes.DisputeTokenInvalid => "This link is not valid any more: it was used already, or the request it was about has ended.",
        ErrorCodes.ItemsNotBound => "Only items bound to your account can be reset.",
        ErrorCodes.CodeMalformed => "Type every digit of the code, and nothing else.",
        ErrorCodes.CodeInvalid => "That code is not right. Check it and try again.",
        ErrorCodes.CodeExpired => "That code has expired. Ask for a new one.",
        ErrorCodes.CodeNotRequested => "Ask for a code first.",
        ErrorCodes.CodeAttemptsExhausted => "Too many wrong codes for this item.",
        ErrorCodes.CodeResendTooSoon => "A code was sent a moment ago. Wait a minute before asking for another.",
        ErrorCodes.CodeSendLimitReached => "No more codes can be sent to this address for now. Try again later.",
        ErrorCodes.CodeReplayed => "That authenticator code was used already. Wait for the next one.",
        ErrorCodes.AccountLocked => "Too many failed attempts. Try again later.",
        ErrorCodes.VerificationAlreadyDone => "That item is verified already.",
        ErrorCodes.VerificationNotRequired => "That item does not need verifying here.",
        ErrorCodes.FaceScanNotOffered => "The face scan is only for accounts with Advanced KYC.",
        ErrorCodes.FaceScanClosed => "Too many failed face scans. Verify with codes instead.",
        ErrorCodes.FaceScanFailed => "The face scan did not match. Try again or verify with codes.",
        ErrorCodes.FaceScanSessionUsed => "That face scan was used already. Start a new scan.",
        ErrorCodes.QuestionnaireInvalid => "Some answers are too long or contain characters that are not allowed.",
        ErrorCodes.ProofsMissingRequired => "Upload proof of the source of funds, the destination of funds, notification records and fiat transaction records.",
        ErrorCodes.ProofsTooMany => "Too many files.",
        ErrorCodes.EvidenceInvalid => "A file is missing, empty or damaged.",
        ErrorCodes.EvidenceTooLarge => "A file is too large.",
        SecurityResetUploadResult.QuotaExceededCode => "This request holds as many files as it may.",
        ErrorCodes.EvidenceMediaTypeNotAllowed => "A file is of a type that is not accepted here (use JPEG, PNG or PDF; MP4 or MOV for the video).",
        ErrorCodes.ContactInvalid => "Enter one valid email address, or a phone number with its country code (+44…).",
        ErrorCodes.ContactSameAsCurrent => "You cannot use the email address or phone number currently bound to your account.",
        ErrorCodes.ContactNotSet => "Enter the new contact first.",
        ErrorCodes.DocumentInvalid => "Check the document type, the issuing country (two letters) and the number.",
        ErrorCodes.DocumentNotKycDocument => "Use the same document you used for identity verification (KYC).",
        ErrorCodes.StatementInvalid => "Check the statement: UID, email, phone, date and UTC offset.",
        ErrorCodes.StatementUidMismatch => "The UID on the statement is not your account's UID.",
        ErrorCodes.StatementContactMismatch => "Write the email address and phone number bound to your account on the statement.",
        ErrorCodes.StatementDateNotToday => "The date on the statement must be today's date.",
        ErrorCodes.StatementReasonMissing => "Give the reason for resetting your security items.",
        ErrorCodes.VideoCheckFailed => "The video did not pass the automated check. Record it again.",
        ErrorCodes.TermsVersionInvalid => "Accept the terms to continue.",
        ErrorCodes.SubmissionIncomplete => "Complete every section before submitting.",
        ErrorCodes.AmendmentNotRequested => "The reviewer did not ask to change that.",
        ErrorCodes.CaseExpired => "This application has expired. Start a new one.",
        ErrorCodes.CredentialInvalid => "This application can no longer be continued in this browser: it was continued elsewhere, or a new one was started for the account. Start again below.",
        ErrorCodes.CaseAlreadyOpen => "A reset for this account is already in progress. Continue it in the browser where you started it, or wait until it expires.",
        ErrorCodes.CaseBusy or ErrorCodes.RequestInProgress => "The application is busy. Try again.",
        ErrorCodes.TransitionNotAllowed => "That step is not open now.",
        _ => "That did not work. Try again.",
    };
}
