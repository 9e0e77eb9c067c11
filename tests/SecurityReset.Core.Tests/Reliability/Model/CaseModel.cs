using System.Collections.Immutable;
using OtpNet;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability.Model;

/// <summary>Which account a generated run drives, and how the applicant arrives.</summary>
public enum Persona
{
    /// <summary>Alice, signed in on the web: email, phone and authenticator, no KYC.</summary>
    AliceSignedIn,

    /// <summary>Alice, signed out, typing her email after Forgot Password.</summary>
    AliceByEmail,

    /// <summary>Alice, signed out, typing her phone number.</summary>
    AliceByPhone,

    /// <summary>Bob, signed in on the app: email and authenticator, Basic KYC.</summary>
    BobSignedIn,

    /// <summary>Carol, signed in: email and phone, Advanced KYC with a document (the face-scan shortcut).</summary>
    CarolSignedIn,

    /// <summary>Carol, signed out, typing her email.</summary>
    CarolByEmail,

    /// <summary>Somebody typing an email that matches no account: the stand-in account.</summary>
    UnknownByEmail,

    /// <summary>Somebody typing a phone number that matches no account.</summary>
    UnknownByPhone,
}

/// <summary>The account limits a generated run configures.</summary>
public sealed record LimitsModel(int Budget, int FaceBudget, int SendBudget, int NewContactBudget, long Window)
{
    /// <summary>The defaults: far above what 40 operations reach, but for the codes per destination.</summary>
    public static LimitsModel Defaults { get; } = new(100, 10, 10, 5, 24 * 3600);

    /// <summary>Small limits and a short window, so runs reach every limit and see it pass.</summary>
    public static LimitsModel Small { get; } = new(4, 2, 2, 1, 3600);

    public override string ToString() => $"failures {Budget} (face {FaceBudget}), codes {SendBudget}, new contacts {NewContactBudget}, per {Window} s";
}

/// <summary>What the model knows of one destination's codes.</summary>
public sealed record ChallengeModel(int Issued, int Failed, bool Live, long IssuedAt, long ExpiresAt, bool Verified);

/// <summary>Events of one kind the account counts: how many, and when the last one happened (seconds since the world's start).</summary>
public readonly record struct RunModel(int Count, long Last);

/// <summary>Which new contact the applicant gave: none, one of two emails, or a phone.</summary>
public enum NewContactModel
{
    None,
    EmailA,
    EmailB,
    Phone,
}

/// <summary>
/// The model of one account and its current case: an independent, deliberately naive restatement of the rules
/// in DESIGN §2–3 (times in whole seconds since the world's start). Every operation maps a model to the next
/// one and says what the service must answer (<see cref="Expected"/>). Immutable.
/// </summary>
public sealed record CaseModel
{
    public const int Attempts = 5;
    public const int CodesPerDestination = 5;
    public const long Cooldown = 60;
    public const long CodeLifetime = 15 * 60;
    public const long CaseLifetime = 72 * 3600;
    public const long ReviewDeadline = 14 * 24 * 3600;
    public const long ClaimTimeout = 4 * 3600;
    public const int TotpStepSeconds = 30;

    public required Persona Persona { get; init; }

    /// <summary>Failed checks per factor per window (the face scan has its own).</summary>
    public required int Budget { get; init; }

    public required int FaceBudget { get; init; }

    /// <summary>Codes per destination per window.</summary>
    public required int SendBudget { get; init; }

    /// <summary>New contacts that may receive codes per window.</summary>
    public required int NewContactBudget { get; init; }

    /// <summary>The window, in seconds.</summary>
    public required long Window { get; init; }

    public long Now { get; init; }

    // The account guard, across cases: per factor its failures, per destination its codes (keys below).
    public ImmutableSortedDictionary<string, RunModel> Runs { get; init; } = ImmutableSortedDictionary.Create<string, RunModel>(StringComparer.Ordinal);

    public long? GuardTotp { get; init; }

    public int CodesSent { get; init; }

    public bool Completed { get; init; }

    // The current case.
    public bool HasCase { get; init; }

    public int Cases { get; init; }

    public CaseState State { get; init; }

    public long Version { get; init; }

    public long ExpiresAt { get; init; }

    public SecurityItems Selected { get; init; }

    public SecurityItems Verified { get; init; }

    public ChallengeModel? Email { get; init; }

    public ChallengeModel? Phone { get; init; }

    public ChallengeModel? NewContactCodes { get; init; }

    public long? CaseTotp { get; init; }

    public int AuthFailures { get; init; }

    public int FaceFailures { get; init; }

    /// <summary>The face-scan sessions the current case recorded (passed or failed).</summary>
    public int FaceSessions { get; init; }

    public RequiredSteps Steps { get; init; }

    /// <summary>How verification passed (None before).</summary>
    public VerificationMethod Method { get; init; }

    public bool Questionnaire { get; init; }

    public bool Proofs { get; init; }

    public NewContactModel NewContact { get; init; }

    public bool NewContactVerified { get; init; }

    public bool Document { get; init; }

    public bool Video { get; init; }

    public bool Terms { get; init; }

    public string? Reviewer { get; init; }

    public long? ClaimedAt { get; init; }

    public AmendableItems Requested { get; init; }

    public AmendableItems Amended { get; init; }

    // What the last operation must produce.
    public string? Expected { get; init; }

    public int ExpectedCount { get; init; }

    public string? TotpCode { get; init; }

    public bool IsStandIn => Persona is Persona.UnknownByEmail or Persona.UnknownByPhone;

    /// <summary>A face scan passed in the case: like a verified item, it proves the owner.</summary>
    public bool ScanPassed { get; init; }

    /// <summary>A factor was verified in the case since it opened: the credential handed out at the open no longer works.</summary>
    public bool Rotated { get; init; }

    public bool SignedIn => Persona is Persona.AliceSignedIn or Persona.BobSignedIn or Persona.CarolSignedIn;

    /// <summary>The applicant was signed in, or proved a factor bound before the case: a signed-out open cannot supersede it.</summary>
    public bool OwnerProven => SignedIn || Verified != SecurityItems.None || ScanPassed;

    public string AccountId => Persona switch
    {
        Persona.AliceSignedIn or Persona.AliceByEmail or Persona.AliceByPhone => Accounts.AliceId,
        Persona.BobSignedIn => Accounts.BobId,
        Persona.CarolSignedIn or Persona.CarolByEmail => Accounts.CarolId,
        _ => "U-UNKNOWN", // what a stand-in applicant would write: never the stand-in's own id
    };

    /// <summary>The items the rules treat as bound: every item until the owner is proven (a signed-out case shows one shape for all).</summary>
    public SecurityItems Bound => OwnerProven ? AccountBound : SecurityItems.All;

    /// <summary>The KYC level the face scan's offer sees: Advanced until the owner is proven (offered to everyone).</summary>
    public KycLevel Kyc => OwnerProven ? AccountKyc : KycLevel.Advanced;

    public SecurityItems AccountBound => Persona switch
    {
        Persona.BobSignedIn => SecurityItems.Email | SecurityItems.Authenticator,
        Persona.CarolSignedIn or Persona.CarolByEmail => SecurityItems.Email | SecurityItems.Phone,
        _ => SecurityItems.All,
    };

    public KycLevel AccountKyc => Persona switch
    {
        Persona.BobSignedIn => KycLevel.Basic,
        Persona.CarolSignedIn or Persona.CarolByEmail => KycLevel.Advanced,
        _ => KycLevel.None,
    };

    public string? BoundEmail => Persona switch
    {
        Persona.BobSignedIn => Accounts.BobEmail,
        Persona.CarolSignedIn or Persona.CarolByEmail => Accounts.CarolEmail,
        Persona.UnknownByEmail => Accounts.UnknownEmail,
        Persona.UnknownByPhone => null, // the stand-in's made-up address: the model does not know it
        _ => Accounts.AliceEmail,
    };

    public string? BoundPhone => Persona switch
    {
        Persona.BobSignedIn => null,
        Persona.CarolSignedIn or Persona.CarolByEmail => Accounts.CarolPhone,
        Persona.UnknownByPhone => Accounts.UnknownPhone,
        Persona.UnknownByEmail => null,
        _ => Accounts.AlicePhone,
    };

    public byte[]? Secret => Persona switch
    {
        Persona.BobSignedIn => Accounts.BobSecret,
        Persona.AliceSignedIn or Persona.AliceByEmail or Persona.AliceByPhone => Accounts.AliceSecret,
        _ => null,
    };

    public SecurityItems Remaining => Bound & ~Selected;

    public bool Terminal => State is CaseState.Completed or CaseState.Rejected or CaseState.Cancelled or CaseState.Expired;

    // ---- the account's limits: a run counts until a whole window passes without an event of its kind ---------

    public const string EmailFactor = "failures:email";
    public const string PhoneFactor = "failures:phone";
    public const string AuthenticatorFactor = "failures:authenticator";
    public const string FaceScanFactor = "failures:face";
    public const string NewContactFactor = "failures:new-contact";
    public const string IdentityFactor = "failures:identity";

    public static readonly string[] Factors = [EmailFactor, PhoneFactor, AuthenticatorFactor, FaceScanFactor, NewContactFactor, IdentityFactor];

    public static string FactorOf(VerificationTarget target) => target switch
    {
        VerificationTarget.BoundEmail => EmailFactor,
        VerificationTarget.BoundPhone => PhoneFactor,
        _ => NewContactFactor,
    };

    /// <summary>Where a code to the target goes, as the account counts it: the bound contact, or the new contact given.</summary>
    public string DestinationOf(VerificationTarget target) => target switch
    {
        VerificationTarget.BoundEmail => "codes:email",
        VerificationTarget.BoundPhone => "codes:phone",
        _ => "codes:new:" + NewContact,
    };

    public int Live(string key) => Runs.TryGetValue(key, out var run) && Now < run.Last + Window ? run.Count : 0;

    public int BudgetOf(string factor) => factor == FaceScanFactor ? FaceBudget : Budget;

    /// <summary>Until when a factor is refused: a whole window after the failure that spent its budget.</summary>
    public long? LockedUntil(string factor) => Live(factor) >= BudgetOf(factor) ? Runs[factor].Last + Window : null;

    public bool Locked(string factor) => LockedUntil(factor) is not null;

    public bool MaySend(string destination)
    {
        if (Live(destination) > 0)
        {
            return Live(destination) < SendBudget;
        }

        return !destination.StartsWith("codes:new:", StringComparison.Ordinal)
            || Runs.Keys.Count(k => k.StartsWith("codes:new:", StringComparison.Ordinal) && Live(k) > 0) < NewContactBudget;
    }

    /// <summary>One more event of a kind: it joins the running count, or starts a new one after a quiet window.</summary>
    public CaseModel Counted(string key)
    {
        var live = Live(key);
        return (this with { Runs = Runs.SetItem(key, new RunModel(live + 1, live > 0 ? Math.Max(Runs[key].Last, Now) : Now)) }).GuardSaved();
    }

    /// <summary>
    /// A success: only the owner proving a factor bound before the case clears that factor's count, and nothing else
    /// (knowing the account's details proves no factor).
    /// </summary>
    public CaseModel Succeeded(string factor) =>
        (factor is NewContactFactor or IdentityFactor || IsStandIn ? this : this with { Runs = Runs.Remove(factor) }).GuardSaved();

    /// <summary>Every guard write remembers the latest authenticator step accepted.</summary>
    public CaseModel GuardSaved() =>
        this with { GuardTotp = GuardTotp is null ? CaseTotp : CaseTotp is null ? GuardTotp : Math.Max(GuardTotp.Value, CaseTotp.Value) };

    public long TotpNowStep => ((World.Start.ToUnixTimeSeconds() + Now) / TotpStepSeconds);

    /// <summary>What a shrunk counterexample prints after each operation: the fields that matter, briefly.</summary>
    public override string ToString()
    {
        static string Ch(ChallengeModel? c) => c is null ? "-" : $"{c.Issued}sent/{c.Failed}failed{(c.Live ? "/live" : string.Empty)}{(c.Verified ? "/ok" : string.Empty)}";
        var text = new System.Text.StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"[t+{Now}s expect {Expected ?? "ok"}");
        if (HasCase)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" | {State} v{Version} sel={Selected} ver={Verified} email={Ch(Email)} phone={Ch(Phone)} new={NewContact}:{Ch(NewContactCodes)}");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" auth-fail={AuthFailures} scan-fail={FaceFailures} scan-sessions={FaceSessions} totp={CaseTotp} steps={Steps} q={Questionnaire} p={Proofs} doc={Document} video={Video} terms={Terms} reviewer={Reviewer}@t+{ClaimedAt}s asked={Requested} amended={Amended} expires=t+{ExpiresAt}s");
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $" | guard {string.Join(", ", Runs.Where(r => Live(r.Key) > 0).Select(r => $"{r.Key}={r.Value.Count}@t+{r.Value.Last}s"))}, sent {CodesSent}]");
        return text.ToString();
    }

    public static CaseModel Initial(Persona persona, LimitsModel limits) => new()
    {
        Persona = persona,
        Budget = limits.Budget,
        FaceBudget = limits.FaceBudget,
        SendBudget = limits.SendBudget,
        NewContactBudget = limits.NewContactBudget,
        Window = limits.Window,
    };

    // ---- the transition table, written out independently of the library's ----------------------------------

    internal static bool Listed(CaseState state, CaseTrigger trigger) => state switch
    {
        CaseState.SelectingItems => trigger is CaseTrigger.SelectItems or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.VerifyingItems => trigger is CaseTrigger.RequestCode or CaseTrigger.VerifyCode or CaseTrigger.VerifyAuthenticator
            or CaseTrigger.RecordFaceScan or CaseTrigger.ReleaseUndeliveredCode or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.Questionnaire => trigger is CaseTrigger.AnswerQuestionnaire or CaseTrigger.RecordFaceScan or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.SupplementaryProofs => trigger is CaseTrigger.ProvideProofs or CaseTrigger.RecordFaceScan or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.IdentityVerification => trigger is CaseTrigger.SetNewContact or CaseTrigger.RequestCode or CaseTrigger.VerifyCode
            or CaseTrigger.ReleaseUndeliveredCode or CaseTrigger.SubmitDocument or CaseTrigger.SubmitVideo or CaseTrigger.AcceptTerms
            or CaseTrigger.RecordFaceScan or CaseTrigger.Submit or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.ReadyToSubmit => trigger is CaseTrigger.Submit or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.Submitted => trigger is CaseTrigger.Claim or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.UnderReview => trigger is CaseTrigger.Claim or CaseTrigger.Approve or CaseTrigger.Reject or CaseTrigger.RequestInformation
            or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.InformationRequested => trigger is CaseTrigger.AnswerQuestionnaire or CaseTrigger.ProvideProofs or CaseTrigger.SubmitDocument
            or CaseTrigger.SubmitVideo or CaseTrigger.Submit or CaseTrigger.Cancel or CaseTrigger.Expire,
        CaseState.Approved => trigger is CaseTrigger.CompleteReset,
        _ => false,
    };

    // ---- helpers the operations use -------------------------------------------------------------------------

    /// <summary>
    /// Whether the case is past its lifetime (or, submitted, past its review deadline) in a state that expires: the next
    /// read, open or expiry job expires it.
    /// </summary>
    public bool DueToExpire => HasCase && !Terminal && Listed(State, CaseTrigger.Expire) && ExpiresAt <= Now;

    public CaseModel Refuse(string code) => this with { Expected = code, ExpectedCount = 0 };

    /// <summary>An accepted (or counted) change: one version step.</summary>
    public CaseModel Step(string? expected = null) => this with { Version = Version + 1, Expected = expected, ExpectedCount = 0 };

    /// <summary>Whether the case is past its lifetime or review deadline, in a state that expires: only the expiry is taken then.</summary>
    public bool PastExpiry => Listed(State, CaseTrigger.Expire) && Now >= ExpiresAt;

    /// <summary>Whether the reviewer's claim is past the claim timeout: any reviewer may claim again, the lapsed one decides nothing.</summary>
    public bool ClaimLapsed => ClaimedAt is not { } at || Now >= at + ClaimTimeout;

    /// <summary>The applicant's gate: listed in the table, and the case not past its lifetime.</summary>
    internal string? ApplicantGate(CaseTrigger trigger)
    {
        if (!Listed(State, trigger))
        {
            return ErrorCodes.TransitionNotAllowed;
        }

        return Listed(State, CaseTrigger.Expire) && Now >= ExpiresAt ? ErrorCodes.CaseExpired : null;
    }

    public ChallengeModel? Challenge(VerificationTarget target) => target switch
    {
        VerificationTarget.BoundEmail => Email,
        VerificationTarget.BoundPhone => Phone,
        _ => NewContactCodes,
    };

    public CaseModel WithChallenge(VerificationTarget target, ChallengeModel challenge) => target switch
    {
        VerificationTarget.BoundEmail => this with { Email = challenge },
        VerificationTarget.BoundPhone => this with { Phone = challenge },
        _ => this with { NewContactCodes = challenge },
    };

    /// <summary>Whether a code to this target reaches an outbox (a stand-in's bound contacts receive nothing).</summary>
    public bool Delivers(VerificationTarget target) => target == VerificationTarget.NewContact
        || (!IsStandIn && (AccountBound & (target == VerificationTarget.BoundEmail ? SecurityItems.Email : SecurityItems.Phone)) != 0);

    public string? TargetRefusal(VerificationTarget target)
    {
        switch (target)
        {
            case VerificationTarget.BoundEmail or VerificationTarget.BoundPhone when State == CaseState.VerifyingItems:
                var item = target == VerificationTarget.BoundEmail ? SecurityItems.Email : SecurityItems.Phone;
                if ((Remaining & item) == 0)
                {
                    return ErrorCodes.VerificationNotRequired;
                }

                return (Verified & item) != 0 ? ErrorCodes.VerificationAlreadyDone : null;
            case VerificationTarget.NewContact when State == CaseState.IdentityVerification:
                if (NewContact == NewContactModel.None)
                {
                    return ErrorCodes.ContactNotSet;
                }

                return NewContactVerified ? ErrorCodes.VerificationAlreadyDone : null;
            default:
                return ErrorCodes.VerificationNotRequired;
        }
    }

    /// <summary>Verification passed: the seed policy asks for every step, except after a face scan.</summary>
    public CaseModel VerificationPassed(VerificationMethod method)
    {
        var steps = method == VerificationMethod.FaceScan ? RequiredSteps.None : RequiredSteps.All;
        var next = this with { Steps = steps, Method = method };
        return next with { State = next.FirstOpenStep() };
    }

    public CaseState FirstOpenStep()
    {
        if ((Steps & RequiredSteps.Questionnaire) != 0 && !Questionnaire)
        {
            return CaseState.Questionnaire;
        }

        if ((Steps & RequiredSteps.SupplementaryProofs) != 0 && !Proofs)
        {
            return CaseState.SupplementaryProofs;
        }

        return (Steps & RequiredSteps.IdentityVerification) != 0 ? CaseState.IdentityVerification : CaseState.ReadyToSubmit;
    }

    /// <summary>An amendment: in InformationRequested only a requested item; <see langword="null"/> when not requested.</summary>
    public CaseModel? Amend(AmendableItems item)
    {
        if (State != CaseState.InformationRequested)
        {
            return this;
        }

        return (Requested & item) == 0 ? null : this with { Amended = Amended | item };
    }

    /// <summary>After a step done in its own state: stay when amending, else the next required step.</summary>
    public CaseModel MoveOn() => State == CaseState.InformationRequested ? this : this with { State = FirstOpenStep() };

    public CaseModel Opened() => this with
    {
        HasCase = true,
        Cases = Cases + 1,
        State = CaseState.SelectingItems,
        Version = 1,
        ExpiresAt = Now + CaseLifetime,
        Selected = SecurityItems.None,
        Verified = SecurityItems.None,
        Email = null,
        Phone = null,
        NewContactCodes = null,
        CaseTotp = GuardTotp,
        AuthFailures = 0,
        FaceFailures = 0,
        ScanPassed = false,
        Rotated = false,
        FaceSessions = 0,
        Steps = RequiredSteps.None,
        Method = VerificationMethod.None,
        Questionnaire = false,
        Proofs = false,
        NewContact = NewContactModel.None,
        NewContactVerified = false,
        Document = false,
        Video = false,
        Terms = false,
        Reviewer = null,
        ClaimedAt = null,
        Requested = AmendableItems.None,
        Amended = AmendableItems.None,
        Expected = null,
        ExpectedCount = 0,
    };

    // ---- authenticator codes, computed from the model's clock ------------------------------------------------

    public static string TotpAt(byte[] secret, long step) =>
        new Totp(secret).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * TotpStepSeconds).UtcDateTime);

    /// <summary>Whether the code of <paramref name="step"/> is unlike every other code in the accepted window (so which step it matched is certain).</summary>
    public bool TotpUnambiguous(long step)
    {
        if (Secret is null)
        {
            return true;
        }

        var code = TotpAt(Secret, step);
        var now = TotpNowStep;
        for (var s = now - 1; s <= now + 1; s++)
        {
            if (s != step && TotpAt(Secret, s) == code)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A well-formed authenticator code that matches no step of the window.</summary>
    public string TotpWrong()
    {
        var secret = Secret ?? Accounts.AliceSecret;
        var now = TotpNowStep;
        var window = new HashSet<string>(StringComparer.Ordinal) { TotpAt(secret, now - 1), TotpAt(secret, now), TotpAt(secret, now + 1) };
        for (var i = 0; ; i++)
        {
            var candidate = ((i * 104729) + 314159).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)[^6..];
            if (!window.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
