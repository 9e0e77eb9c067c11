using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 2 — every bound item that is not being reset is verified: a code to the bound email or phone, the
/// authenticator's current code, or, for an Advanced KYC account, a face scan instead of all of them. The seed offers
/// the face scan "after selecting the items" whatever was selected: when every bound item was selected, nothing
/// remains to verify and the case goes straight to the steps the policy requires, where an Advanced KYC account may
/// still pass the face scan (the policy then decides again, on the face-scan path).
/// </summary>
internal static class VerifyRemainingItemsStep
{
    public static Guard BoundDestination { get; } = Guard.OnInput(
        "the bound email or phone", ErrorCodes.VerificationNotRequired, "This destination does not take a code in this step.",
        c => c.Target is VerificationTarget.BoundEmail or VerificationTarget.BoundPhone);

    public static Guard ItemRemains { get; } = Guard.OnInput(
        "an item that remains to verify", ErrorCodes.VerificationNotRequired, "This destination is not a remaining item of this case.",
        c => (c.Case.RemainingItems & ItemOf(c.Target)) != 0);

    public static Guard ItemNotVerified { get; } = Guard.OnInput(
        "not verified yet", ErrorCodes.VerificationAlreadyDone, "This item was verified already.",
        c => (c.Case.VerifiedItems & ItemOf(c.Target)) == 0);

    public static Guard AuthenticatorRemains { get; } = Guard.OnCase(
        "the authenticator remains to verify", ErrorCodes.VerificationNotRequired, "The authenticator is not a remaining item of this case.",
        c => (c.Case.RemainingItems & SecurityItems.Authenticator) != 0);

    public static Guard AuthenticatorNotVerified { get; } = Guard.OnCase(
        "authenticator not verified yet", ErrorCodes.VerificationAlreadyDone, "The authenticator was verified already.",
        c => (c.Case.VerifiedItems & SecurityItems.Authenticator) == 0);

    public static Guard AuthenticatorCodeWellFormed { get; } = Guard.OnInput(
        "six digits", ErrorCodes.CodeMalformed, $"An authenticator code is {TotpChecker.Digits} digits.",
        c => CodeFormat.IsDigits(c.Input<VerifyAuthenticator>().Code, TotpChecker.Digits));

    public static Guard AuthenticatorAttemptsLeft { get; } = Guard.OnCase(
        "authenticator attempts left", ErrorCodes.CodeAttemptsExhausted, "Too many wrong authenticator codes.",
        c => c.Case.AuthenticatorFailures < c.Options.Authenticator.MaxFailures);

    /// <summary>
    /// The KYC shortcut: an Advanced KYC account may pass a face scan instead of codes. Before the owner is proven
    /// (signed in, or a bound factor verified) it is offered to everyone, so the offer tells nothing about the account;
    /// a scan can only pass for an account with Advanced KYC (<see cref="RecordFaceScan"/>).
    /// </summary>
    public static Guard AdvancedKyc { get; } = Guard.OnCase(
        "Advanced KYC, or owner not proven yet", ErrorCodes.FaceScanNotOffered, "The face scan needs Advanced KYC.",
        c => c.Case.ShownKyc == KycLevel.Advanced);

    public static Guard FaceScanAttemptsLeft { get; } = Guard.OnCase(
        "face-scan attempts left", ErrorCodes.FaceScanClosed, "Too many failed face scans; verify with codes.",
        c => c.Case.FaceScanFailures < c.Options.FaceScan.MaxFailures);

    /// <summary>In the later steps the scan is the shortcut of a case that verified nothing: nothing remained, no scan passed yet.</summary>
    public static Guard NothingVerifiedYet { get; } = Guard.OnCase(
        "nothing remained to verify, no scan yet", ErrorCodes.VerificationAlreadyDone, "The case passed verification already.",
        c => c.Case.VerificationMethod == VerificationMethod.NothingRemained);

    public static Guard ScanSessionGiven { get; } = Guard.OnInput(
        "scan session given", ErrorCodes.RequestInvalid, "The scan session is missing or malformed.",
        c => Text.IsCleanNonBlank(c.Input<RecordFaceScan>().Session, Text.ShortMax));

    /// <summary>A session is consumed once per case, passed or failed: the vendor is not asked about it again.</summary>
    public static Guard ScanSessionNew { get; } = Guard.OnInput(
        "a session new to the case", ErrorCodes.FaceScanSessionUsed, "This scan session was used in this case already; start a new scan.",
        c => c.Case.FaceScanSessions.IsDefaultOrEmpty || !c.Case.FaceScanSessions.Contains(c.Input<RecordFaceScan>().Session, StringComparer.Ordinal));

    public static Guard VendorReferenceGiven { get; } = Guard.OnVendorAnswer(
        "vendor reference given", ErrorCodes.RequestInvalid, "The vendor reference is missing or malformed.",
        c => Text.IsCleanNonBlank(c.Input<RecordFaceScan>().VendorReference, Text.ShortMax));

    private static readonly Destinations Verification = Destinations.OneOf(
        (S.VerifyingItems, "items remain"),
        (S.Questionnaire, "verified; questionnaire first"),
        (S.SupplementaryProofs, "verified; proofs first"),
        (S.IdentityVerification, "verified; identity first"),
        (S.ReadyToSubmit, "verified; nothing more required"));

    private static readonly Destinations AfterScanInSteps = Destinations.OneOf(
        (S.Questionnaire, "scan passed; questionnaire first, or failed here"),
        (S.SupplementaryProofs, "scan passed; proofs first, or failed here"),
        (S.IdentityVerification, "scan passed; identity first, or failed here"),
        (S.ReadyToSubmit, "scan passed; nothing more required"));

    private static readonly StateGroup Verifying = StateGroup.Of(S.VerifyingItems);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(Verifying, CaseTrigger.RequestCode, Who.Applicant,
            [BoundDestination, ItemRemains, ItemNotVerified, Codes.AttemptsLeft, Codes.SendsLeft, Codes.CooldownPassed],
            Destinations.Stay, Codes.Issue),
        new(Verifying, CaseTrigger.ReleaseUndeliveredCode, Who.System,
            [Codes.LiveCodeToRelease],
            Destinations.Stay, Codes.Release),
        new(Verifying, CaseTrigger.VerifyCode, Who.Applicant,
            [BoundDestination, ItemRemains, ItemNotVerified, Codes.WellFormed, Codes.AttemptsLeft, Codes.Requested, Codes.NotExpired],
            Verification, c => Codes.Check(c, verified => c.ItemVerified(
                verified with { VerifiedItems = verified.VerifiedItems | ItemOf(c.Target) }, CaseEventTypes.CodeVerified, c.Target.ToString()))),
        new(Verifying, CaseTrigger.VerifyAuthenticator, Who.Applicant,
            [AuthenticatorRemains, AuthenticatorNotVerified, AuthenticatorCodeWellFormed, AuthenticatorAttemptsLeft],
            Verification, CheckAuthenticator),
        new(Verifying, CaseTrigger.RecordFaceScan, Who.ApplicantOrSystem,
            [AdvancedKyc, FaceScanAttemptsLeft, ScanSessionGiven, ScanSessionNew, VendorReferenceGiven],
            Verification, RecordFaceScan),
        new(CaseGroups.Steps, CaseTrigger.RecordFaceScan, Who.ApplicantOrSystem,
            [AdvancedKyc, NothingVerifiedYet, FaceScanAttemptsLeft, ScanSessionGiven, ScanSessionNew, VendorReferenceGiven],
            AfterScanInSteps, RecordFaceScan),
    ];

    /// <summary>A time step once accepted is never accepted again, in this case or an earlier one of the account.</summary>
    private static Decision CheckAuthenticator(CommandContext c)
    {
        var secret = c.AuthenticatorSecret;
        if (secret is null || secret.Length == 0)
        {
            throw new InvalidOperationException("The account's authenticator secret is required to verify an authenticator code.");
        }

        var matched = TotpChecker.TryMatch(secret, c.Input<VerifyAuthenticator>().Code, c.Now, c.Options.Authenticator.Step, c.Options.Authenticator.WindowSteps, out var step);
        if (matched && step > (c.Case.LastAcceptedTotpStep ?? long.MinValue))
        {
            var verified = c.Case with
            {
                LastAcceptedTotpStep = step,
                VerifiedItems = c.Case.VerifiedItems | SecurityItems.Authenticator,
            };
            return c.ItemVerified(verified, CaseEventTypes.AuthenticatorVerified, null);
        }

        var failed = c.Case with { AuthenticatorFailures = c.Case.AuthenticatorFailures + 1 };
        return matched
            ? c.Fail(failed, CaseEventTypes.CodeFailed, "Authenticator", ErrorCodes.CodeReplayed, "This authenticator code was used already; wait for the next one.")
            : c.Fail(failed, CaseEventTypes.CodeFailed, "Authenticator", ErrorCodes.CodeInvalid, "The code is wrong.");
    }

    /// <summary>
    /// The session is spent either way; a pass keeps the vendor's reference of the scan for the reviewer. A pass counts
    /// only for an account with Advanced KYC (the scan is offered to everyone before the owner is proven), and verifies
    /// the account's own remaining items.
    /// </summary>
    private static Decision RecordFaceScan(CommandContext c)
    {
        var scan = c.Input<RecordFaceScan>();
        var spent = c.Case with { FaceScanSessions = c.Case.FaceScanSessions.IsDefault ? [scan.Session] : c.Case.FaceScanSessions.Add(scan.Session) };
        if (scan.Passed && c.Case.Account.Kyc == KycLevel.Advanced)
        {
            var scanned = spent with { FaceScanReference = scan.VendorReference, VerifiedItems = c.Case.Account.BoundItems & ~c.Case.SelectedItems };
            return c.Verified(scanned, VerificationMethod.FaceScan, CaseEventTypes.FaceScanPassed, null);
        }

        var failed = spent with { FaceScanFailures = c.Case.FaceScanFailures + 1 };
        return c.Fail(failed, CaseEventTypes.FaceScanFailed, null, ErrorCodes.FaceScanFailed, "The face scan did not pass.");
    }

    private static SecurityItems ItemOf(VerificationTarget target) => target switch
    {
        VerificationTarget.BoundEmail => SecurityItems.Email,
        VerificationTarget.BoundPhone => SecurityItems.Phone,
        _ => SecurityItems.None,
    };
}
