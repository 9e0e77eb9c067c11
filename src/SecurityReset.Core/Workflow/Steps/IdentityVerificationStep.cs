using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 5 — personal information and identity verification, when required: a new contact verified by a code
/// (never the one bound now), the front of the ID document (the KYC document for a KYC'd account), a video
/// with a declared statement, and the accepted terms.
/// </summary>
internal static class IdentityVerificationStep
{
    public static Guard ContactWellFormed { get; } = Guard.OnInput(
        "contact well-formed", ErrorCodes.ContactInvalid, "The new contact is malformed.",
        c => c.Input<SetNewContact>().Contact is { } contact && Enum.IsDefined(contact.Kind) && Text.IsCleanNonBlank(contact.Fingerprint, 100)
            && Text.IsClean(contact.Masked, 300) && Text.IsCleanNonBlank(contact.Sealed, 4096));

    /// <summary>The no-current-contact rule: the new email (or phone) may not be the one bound to the account.</summary>
    public static Guard ContactDiffersFromBound { get; } = Guard.OnAccountDetails(
        "not the contact bound now", ErrorCodes.ContactSameAsCurrent, "The new contact must differ from the one bound to the account.",
        c => c.Input<SetNewContact>().Contact is not { } contact
            || c.Case.Account.BoundContact(contact.Kind) is not { } bound
            || !SameFingerprint(bound.Fingerprint, contact.Fingerprint));

    public static Guard NewContactDestination { get; } = Guard.OnInput(
        "the new contact", ErrorCodes.VerificationNotRequired, "This destination does not take a code in this step.",
        c => c.Target == VerificationTarget.NewContact);

    public static Guard NewContactGiven { get; } = Guard.OnCase(
        "new contact given", ErrorCodes.ContactNotSet, "Give the new contact first.",
        c => c.Case.NewContact is not null);

    public static Guard NewContactNotVerified { get; } = Guard.OnCase(
        "new contact not verified yet", ErrorCodes.VerificationAlreadyDone, "The new contact was verified already.",
        c => !c.Case.NewContactVerified);

    public static Guard DocumentWellFormed { get; } = Guard.Validated(
        "document details well-formed", ErrorCodes.DocumentInvalid, DocumentError);

    public static Guard DocumentImageWellFormed { get; } = Guard.Validated(
        "front image well-formed", ErrorCodes.EvidenceInvalid, DocumentError);

    public static Guard DocumentImageOfAllowedType { get; } = Evidence.MediaTypeAllowed(
        "front image of an accepted type", c => [c.Input<SubmitDocument>().Document?.FrontImage], o => o.Evidence.AllowedFileMediaTypes);

    public static Guard DocumentImageWithinSize { get; } = Evidence.WithinSize(
        "front image within the size limit", c => [c.Input<SubmitDocument>().Document?.FrontImage], o => o.Evidence.MaxFileBytes);

    /// <summary>The same-document rule: a KYC'd account must use the document KYC used, as the snapshot and the vendor know it.</summary>
    public static Guard SameDocumentAsKyc { get; } = Guard.OnAccountDetails(
        "the KYC document when KYC was done", ErrorCodes.DocumentNotKycDocument, "Use the same document as for KYC.",
        c => c.Case.Account.Kyc == KycLevel.None
            || (c.Input<SubmitDocument>() is var submitted && submitted.KycVendorConfirms != false
                && (c.Case.Account.KycDocument is not { } kyc || submitted.Document?.Reference is not { } given || IsSameDocument(kyc, given))));

    public static Guard VideoWellFormed { get; } = Guard.Validated(
        "video file well-formed", ErrorCodes.EvidenceInvalid, VideoError);

    public static Guard StatementWellFormed { get; } = Guard.Validated(
        "statement well-formed", ErrorCodes.StatementInvalid, VideoError);

    public static Guard StatementGivesReason { get; } = Guard.Validated(
        "statement gives a reason", ErrorCodes.StatementReasonMissing, VideoError);

    public static Guard VideoOfAllowedType { get; } = Evidence.MediaTypeAllowed(
        "video of an accepted type", c => [c.Input<SubmitVideo>().Video?.Video], o => o.Evidence.AllowedVideoMediaTypes);

    public static Guard VideoWithinSize { get; } = Evidence.WithinSize(
        "video within the size limit", c => [c.Input<SubmitVideo>().Video?.Video], o => o.Evidence.MaxVideoBytes);

    public static Guard StatementUidMatches { get; } = Guard.OnInput(
        "statement UID is the account's", ErrorCodes.StatementUidMismatch, "The UID in the statement is not the account's.",
        c => c.Input<SubmitVideo>().Video?.Statement?.Uid is not { } uid || string.Equals(uid.Trim(), c.Case.Account.AccountId, StringComparison.Ordinal));

    public static Guard StatementDatedToday { get; } = Guard.OnInput(
        "statement dated today", ErrorCodes.StatementDateNotToday, "The date in the statement must be today.",
        c => c.Input<SubmitVideo>().Video?.Statement is not { } statement || IsToday(statement, c.Now));

    /// <summary>
    /// The email and phone on the sheet are the ones bound to the account, wherever it has one bound (a blank field
    /// there fails): compared as keyed fingerprints of the normalised values, in constant time, both always. One
    /// refusal for either field, so it tells the applicant nothing beyond what they wrote.
    /// </summary>
    public static Guard StatementContactsMatch { get; } = Guard.OnAccountDetails(
        "statement email and phone are the bound ones", ErrorCodes.StatementContactMismatch,
        "The email or phone in the statement is not the one bound to the account.",
        c => StatementMatches(c.Case.Account, c.Input<SubmitVideo>().Contacts ?? StatementContacts.None));

    public static Guard VideoCheckPassed { get; } = Guard.OnInput(
        "the vendor's video check passed, where it checks", ErrorCodes.VideoCheckFailed, "The video did not pass the automated check.",
        c => c.Input<SubmitVideo>().VendorCheckPassed != false);

    public static Guard TermsVersionGiven { get; } = Guard.OnInput(
        "terms version given", ErrorCodes.TermsVersionInvalid, "The terms version is missing or malformed.",
        c => Text.IsCleanNonBlank(c.Input<AcceptTerms>().TermsVersion, 50));

    public static Guard Complete { get; } = Guard.OnCase(
        "contact verified, document, video and terms recorded", ErrorCodes.SubmissionIncomplete, "Complete every required item before submitting.",
        c => c.Case.NewContactVerified && c.Case.Document is not null && c.Case.Video is not null && c.Case.AcceptedTermsVersion is not null);

    private static readonly StateGroup Identity = StateGroup.Of(S.IdentityVerification);

    private static readonly Guard[] DocumentRules = [DocumentWellFormed, DocumentImageWellFormed, DocumentImageOfAllowedType, DocumentImageWithinSize, SameDocumentAsKyc];

    private static readonly Guard[] VideoRules =
        [VideoWellFormed, StatementWellFormed, StatementGivesReason, VideoOfAllowedType, VideoWithinSize, StatementUidMatches, StatementDatedToday, StatementContactsMatch, VideoCheckPassed];

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(Identity, CaseTrigger.SetNewContact, Who.Applicant,
            [ContactWellFormed, ContactDiffersFromBound],
            Destinations.Stay, SetContact),
        new(Identity, CaseTrigger.RequestCode, Who.Applicant,
            [NewContactDestination, NewContactGiven, NewContactNotVerified, Codes.AttemptsLeft, Codes.SendsLeft, Codes.CooldownPassed],
            Destinations.Stay, Codes.Issue),
        new(Identity, CaseTrigger.ReleaseUndeliveredCode, Who.System,
            [Codes.LiveCodeToRelease],
            Destinations.Stay, Codes.Release),
        new(Identity, CaseTrigger.VerifyCode, Who.Applicant,
            [NewContactDestination, NewContactGiven, NewContactNotVerified, Codes.WellFormed, Codes.AttemptsLeft, Codes.Requested, Codes.NotExpired],
            Destinations.Stay, c => Codes.Check(c, verified =>
                c.Stay(CaseEventTypes.CodeVerified, VerificationTarget.NewContact.ToString(), verified with { NewContactVerified = true }))),
        new(Identity, CaseTrigger.SubmitDocument, Who.Applicant,
            DocumentRules,
            Destinations.Stay, SubmitDocument),
        new(Identity, CaseTrigger.SubmitVideo, Who.Applicant,
            VideoRules,
            Destinations.Stay, SubmitVideo),
        new(Identity, CaseTrigger.AcceptTerms, Who.Applicant,
            [TermsVersionGiven],
            Destinations.Stay, AcceptTerms),
        new(StateGroup.Of(S.InformationRequested), CaseTrigger.SubmitDocument, Who.Applicant,
            [.. DocumentRules, Amendments.Named(AmendableItems.IdentityDocument, "document named")],
            Destinations.Stay, SubmitDocument),
        new(StateGroup.Of(S.InformationRequested), CaseTrigger.SubmitVideo, Who.Applicant,
            [.. VideoRules, Amendments.Named(AmendableItems.VerificationVideo, "video named")],
            Destinations.Stay, SubmitVideo),
    ];

    /// <summary>Whether the identity vendor must confirm a submitted document: the account completed KYC.</summary>
    public static bool AsksVendorAboutDocument(ResetCase current) => current.Account.Kyc != KycLevel.None;

    private static Decision SetContact(CommandContext c)
    {
        var contact = c.Input<SetNewContact>().Contact!;

        // The destination's counters stay: switching addresses never buys more codes or guesses.
        var changed = c.Challenge(VerificationTarget.NewContact) is { } challenge
            ? CommandContext.WithChallenge(c.Case, challenge with { CodeHash = null, Verified = false })
            : c.Case;
        return c.Stay(CaseEventTypes.NewContactSet, contact.Kind.ToString(), changed with { NewContact = contact, NewContactVerified = false });
    }

    private static Decision SubmitDocument(CommandContext c)
    {
        var document = c.Input<SubmitDocument>().Document;
        return c.Stay(CaseEventTypes.DocumentSubmitted, document.Reference.Type.ToString(), c.Amended(AmendableItems.IdentityDocument) with { Document = document });
    }

    private static Decision SubmitVideo(CommandContext c)
    {
        var video = c.Input<SubmitVideo>().Video;

        // The statement's contacts are kept masked: the reviewer sees them on the video itself.
        var statement = video.Statement;
        var masked = video with { Statement = statement with { Email = ContactMask.Email(statement.Email), Phone = ContactMask.Phone(statement.Phone) } };
        return c.Stay(CaseEventTypes.VideoSubmitted, null, c.Amended(AmendableItems.VerificationVideo) with { Video = masked });
    }

    private static Decision AcceptTerms(CommandContext c)
    {
        var version = c.Input<AcceptTerms>().TermsVersion;
        return c.Stay(CaseEventTypes.TermsAccepted, version, c.Case with { AcceptedTermsVersion = version });
    }

    private static ResetError? DocumentError(CommandContext c) =>
        IdentityDocumentValidator.Instance.FirstError(c.Input<SubmitDocument>().Document, ErrorCodes.DocumentInvalid);

    private static ResetError? VideoError(CommandContext c) =>
        VerificationVideoValidator.Instance.FirstError(c.Input<SubmitVideo>().Video, ErrorCodes.StatementInvalid);

    private static bool IsToday(DeclaredStatement statement, DateTimeOffset now) =>
        statement.UtcOffset >= TimeSpan.FromHours(-14) && statement.UtcOffset <= TimeSpan.FromHours(14)
        && statement.Date == DateOnly.FromDateTime(now.ToOffset(statement.UtcOffset).DateTime);

    private static bool StatementMatches(AccountSnapshot account, StatementContacts written)
    {
        // Both compared every time (no short circuit), so the time taken does not tell which one differed.
        var email = account.Email is not { } boundEmail || SameFingerprint(boundEmail.Fingerprint, written.EmailFingerprint ?? string.Empty);
        var phone = account.Phone is not { } boundPhone || SameFingerprint(boundPhone.Fingerprint, written.PhoneFingerprint ?? string.Empty);
        return email & phone;
    }

    private static bool SameFingerprint(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a.AsSpan()), MemoryMarshal.AsBytes(b.AsSpan()));

    private static bool IsSameDocument(IdentityDocumentReference kyc, IdentityDocumentReference given) =>
        kyc.Type == given.Type
        && string.Equals(kyc.IssuingCountry, given.IssuingCountry, StringComparison.OrdinalIgnoreCase)
        && SameFingerprint(kyc.NumberFingerprint, given.NumberFingerprint ?? string.Empty);
}
