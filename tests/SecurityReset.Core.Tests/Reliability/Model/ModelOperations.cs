using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using SecurityReset.Limits;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability.Model;

/// <summary>The system under test of one generated run: a fresh world and the case the run is on.</summary>
public sealed class ModelActual
{
    private CaseId _case;

    internal ModelActual(World world, Persona persona)
    {
        World = world;
        Persona = persona;
    }

    internal World World { get; }

    public Persona Persona { get; }

    public CaseId Case
    {
        get => _case;
        set
        {
            if (_case != default && _case != value)
            {
                EarlierCase = _case;
            }

            _case = value;
        }
    }

    /// <summary>The case the run was on before the current one, if any: a replayed scan session comes from there.</summary>
    public CaseId? EarlierCase { get; private set; }

    /// <summary>How many face-scan sessions the run minted: each new session gets a new id.</summary>
    public int ScansMinted { get; set; }

    /// <summary>The face-scan sessions each case recorded, in order.</summary>
    public Dictionary<CaseId, List<string>> ScansRecorded { get; } = [];

    /// <summary>The credential the open of <see cref="Case"/> handed out, kept as a copied one would be.</summary>
    public ApplicantAccess OpenedAccess { get; set; }

    /// <summary>Set when the one thing the model cannot foresee happened: a random stand-in secret accepted a code (p ≈ 3·10⁻⁶).</summary>
    public bool Diverged { get; set; }

    public override string ToString() => $"world for {Persona}";
}

/// <summary>What a service call answered, as the model compares it.</summary>
public readonly record struct Answer(string? Code, CaseState? ViewState, int Count = 0)
{
    public static Answer Of(ResetResult<ApplicantCaseView> r) => new(Worded(r.Error), r.View?.State);

    public static Answer Of(ResetResult<ReviewerCaseView> r) => new(Worded(r.Error), r.View?.Case.State);

    /// <summary>The error's code, once its message is checked to be a sentence a host can show the applicant.</summary>
    private static string? Worded(ResetError? error)
    {
        if (error is not null)
        {
            Assert.Matches(@"^[A-Z0-9].{8,}[.!?]$", error.Message);
        }

        return error?.Code;
    }
}

/// <summary>
/// One generated operation: <see cref="Apply"/> moves the model and states the expected answer; <see cref="Check"/>
/// performs the call on the real service and compares the answer, the stored case, the account guard and the outbox
/// with the model after the operation.
/// </summary>
public abstract partial class ModelOp : Operation<ModelActual, CaseModel>
{
    internal static readonly Tally Stats = new();

    public abstract CaseModel Apply(CaseModel m);

    internal abstract Answer Execute(ModelActual a, CaseModel m);

    public override CaseModel Run(CaseModel model)
    {
        var next = Apply(model);
        var verifiedAFactor = (next.Verified & ~model.Verified) != SecurityItems.None
            || (next.NewContactVerified && !model.NewContactVerified)
            || (next.ScanPassed && !model.ScanPassed);
        return next.Cases == model.Cases && verifiedAFactor ? next with { Rotated = true } : next;
    }

    public override bool Pre(CaseModel model) => model.HasCase;

    public override Property Check(ModelActual actual, CaseModel model)
    {
        if (actual.Diverged)
        {
            return true.ToProperty();
        }

        var t = System.Diagnostics.Stopwatch.GetTimestamp();
        var answer = Execute(actual, model);
        Stats.Add("execute-us", (long)System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        t = System.Diagnostics.Stopwatch.GetTimestamp();
        Stats.Add("operations");
        Stats.Add(answer.Code ?? "ok");
        Stats.Add("state:" + model.State);
        if (model.IsStandIn && this is VerifyAuthenticatorOp && answer.Code is null)
        {
            actual.Diverged = true; // a random stand-in secret matched: nothing further is predictable
            Stats.Add("diverged");
            return true.ToProperty();
        }

        var problems = Compare(actual, model, answer, AnsweredState(model));
        Stats.Add("compare-us", (long)System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        if (problems.Count > 0)
        {
            Stats.Add("violations");
        }

        return problems.Count == 0 ? true.ToProperty() : false.ToProperty().Label($"{this}: {string.Join("; ", problems)}");
    }

    /// <summary>
    /// The state the answer shows when it differs from the state once delivery caught up: an approval answers
    /// Approved, and the dispatcher (run between operations, as a host's loop would) applies the reset.
    /// </summary>
    protected virtual CaseState? AnsweredState(CaseModel model) => null;

    private static List<string> Compare(ModelActual actual, CaseModel m, Answer answer, CaseState? answered)
    {
        var p = new List<string>();
        void Same<T>(string what, T expected, T seen)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, seen))
            {
                p.Add($"{what}: model {expected}, service {seen}");
            }
        }

        Same("answer", m.Expected ?? "ok", answer.Code ?? "ok");
        Same("count", m.ExpectedCount, answer.Count);
        Same("codes sent", m.CodesSent, actual.World.Outbox.Codes.Count);
        var w = actual.World;
        if (m.HasCase)
        {
            var c = w.Load(actual.Case);
            if (c is null)
            {
                p.Add("the case vanished");
                return p;
            }

            if (answer.ViewState is { } viewState && answer.Code is not ErrorCodes.CaseAlreadyOpen)
            {
                Same("view state", answered ?? m.State, viewState);
            }

            Same("state", m.State, c.State);
            Same("version", m.Version, c.Version);
            Same("expires", World.Start.AddSeconds(m.ExpiresAt), c.ExpiresAt);
            Same("selected", m.Selected, c.SelectedItems);
            Same("verified", m.Verified, c.VerifiedItems);
            Same("authenticator failures", m.AuthFailures, c.AuthenticatorFailures);
            Same("face-scan failures", m.FaceFailures, c.FaceScanFailures);
            Same("face-scan sessions", m.FaceSessions, c.FaceScanSessions.Length);
            Same("last totp step", m.CaseTotp, c.LastAcceptedTotpStep);
            Same("questionnaire", m.Questionnaire, c.Questionnaire is not null);
            Same("proofs", m.Proofs, !c.Proofs.IsDefaultOrEmpty);
            Same("new contact", m.NewContact != NewContactModel.None, c.NewContact is not null);
            Same("new contact verified", m.NewContactVerified, c.NewContactVerified);
            Same("document", m.Document, c.Document is not null);
            Same("video", m.Video, c.Video is not null);
            Same("terms", m.Terms, c.AcceptedTermsVersion is not null);
            Same("reviewer", m.Reviewer, c.ReviewerId);
            Same("claimed at", m.ClaimedAt is { } claimed ? World.Start.AddSeconds(claimed) : (DateTimeOffset?)null, c.ClaimedAt);
            Same("requested", m.Requested, c.RequestedAmendments);
            Same("amended", m.Amended, c.Amended);
            if (m.Steps != SecurityReset.RequiredSteps.None || c.RequiredSteps != SecurityReset.RequiredSteps.None)
            {
                Same("required steps", m.Steps, c.RequiredSteps);
            }

            foreach (var target in new[] { VerificationTarget.BoundEmail, VerificationTarget.BoundPhone, VerificationTarget.NewContact })
            {
                var expected = m.Challenge(target);
                var seen = c.Challenge(target);
                Same($"{target} codes issued", expected?.Issued ?? 0, seen?.CodesIssued ?? 0);
                Same($"{target} failed attempts", expected?.Failed ?? 0, seen?.FailedAttempts ?? 0);
                Same($"{target} code outstanding", expected?.Live ?? false, seen?.CodeHash is not null);
                Same($"{target} verified", expected?.Verified ?? false, seen?.Verified ?? false);
            }

            var events = w.Events(actual.Case);
            var last = 0L;
            foreach (var e in events)
            {
                if (e.Version != last && e.Version != last + 1)
                {
                    p.Add($"audit trail jumps from v{last} to v{e.Version}");
                }

                last = e.Version;
            }

            Same("last event version", c.Version, last);
        }

        // The account's limits: a stand-in's are kept under its own made-up id, which only its case knows.
        var accountId = m.IsStandIn ? (m.HasCase ? w.Load(actual.Case)?.Account.AccountId : null) : m.AccountId;
        if (accountId is not null)
        {
            var limits = w.Limits(accountId);
            var now = w.Clock.GetUtcNow();
            var window = w.Options.Lockout.Window;
            foreach (var (factor, key) in FactorKeys)
            {
                Same($"guard {key}", m.Live(key), limits.Failures(factor, now, window));
                Same($"guard {key} locked until", m.LockedUntil(key) is { } until ? World.Start.AddSeconds(until) : (DateTimeOffset?)null, limits.LockedUntil(factor, now, w.Options));
            }

            foreach (var (target, contact, key) in Destinations)
            {
                Same($"guard {key}", m.Live(key), limits.Sends(SendDestination.Of(target, contact), now, window));
            }

            Same("guard authenticator step", m.GuardTotp, limits.LastAcceptedTotpStep);
        }

        return p;
    }
}

// ---- opening, clock, jobs ---------------------------------------------------------------------------------

public abstract partial class ModelOp
{
    private static readonly (AccountFactor Factor, string Key)[] FactorKeys =
    [
        (AccountFactor.BoundEmail, CaseModel.EmailFactor),
        (AccountFactor.BoundPhone, CaseModel.PhoneFactor),
        (AccountFactor.Authenticator, CaseModel.AuthenticatorFactor),
        (AccountFactor.FaceScan, CaseModel.FaceScanFactor),
        (AccountFactor.NewContact, CaseModel.NewContactFactor),
        (AccountFactor.IdentityDetails, CaseModel.IdentityFactor),
    ];

    /// <summary>Every destination the model sends codes to, with the contact the library counts a new contact by.</summary>
    private static readonly (VerificationTarget Target, ProtectedContact? Contact, string Key)[] Destinations =
    [
        (VerificationTarget.BoundEmail, null, "codes:email"),
        (VerificationTarget.BoundPhone, null, "codes:phone"),
        (VerificationTarget.NewContact, NewContactOf(ContactKind.Email, Accounts.NewEmailA), "codes:new:" + NewContactModel.EmailA),
        (VerificationTarget.NewContact, NewContactOf(ContactKind.Email, Accounts.NewEmailB), "codes:new:" + NewContactModel.EmailB),
        (VerificationTarget.NewContact, NewContactOf(ContactKind.Phone, Accounts.NewPhone), "codes:new:" + NewContactModel.Phone),
    ];

    private static ProtectedContact NewContactOf(ContactKind kind, string address) =>
        ContactNormalizer.TryNormalize(kind, address, out var normalized)
            ? new PersonalDataProtector(new SecretKeyring(World.SecretKey)).Protect(kind, normalized)
            : throw new InvalidOperationException("A model contact does not normalise.");
}

public sealed class OpenOp : ModelOp
{
    public override bool Pre(CaseModel model) => !model.Completed;

    // A case past its lifetime expires at the open, job or no job, and no longer blocks the account. An open case is
    // superseded by a signed-in open, or by any open while it has proven no factor bound to the account. A signed-out
    // open that meets a case whose owner proved a factor leaves it alone and gets a stand-in's case (never
    // case.already_open, which would tell a stranger that the identifier has an account): the model's case is unchanged.
    public override CaseModel Apply(CaseModel m) =>
        MeetsProvenCase(m) ? m with { Expected = null, ExpectedCount = 0 } : m.Opened();

    private static bool MeetsProvenCase(CaseModel m) => m.HasCase && !m.Terminal && !m.DueToExpire && !m.SignedIn && m.OwnerProven;

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var request = a.Persona switch
        {
            Persona.AliceSignedIn => OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web),
            Persona.AliceByEmail => OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword),
            Persona.AliceByPhone => OpenCaseRequest.SignedOut(Accounts.AlicePhone, Channel.App, EntryPoint.LoggedOutAfterPassword),
            Persona.BobSignedIn => OpenCaseRequest.SignedIn(Accounts.BobId, Channel.App),
            Persona.CarolSignedIn => OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web),
            Persona.CarolByEmail => OpenCaseRequest.SignedOut(Accounts.CarolEmail, Channel.Web, EntryPoint.LoggedOutAfterPassword),
            Persona.UnknownByEmail => OpenCaseRequest.SignedOut(Accounts.UnknownEmail, Channel.Web, EntryPoint.ForgotPassword),
            _ => OpenCaseRequest.SignedOut(Accounts.UnknownPhone, Channel.App, EntryPoint.ForgotPassword),
        };
        var result = Sync.Run(a.World.Service.OpenTrackedAsync(request, cancellationToken: World.Ct));
        if (MeetsProvenCase(m))
        {
            // The caller's case is a stand-in's, not the account's: the model follows the account's case (the stand-in's
            // is cancelled at once, so that it is no open case for the expiry job to count).
            if (result.Succeeded && a.World.Load(result.View!.Id)?.Account.IsStandIn == true)
            {
                Sync.Run(a.World.Service.CancelAsync(result.View.Id, cancellationToken: World.Ct));
                return new Answer(null, null);
            }

            return new Answer(result.ErrorCode ?? "not a stand-in's case", result.View?.State);
        }

        if (result.Succeeded)
        {
            a.Case = result.View!.Id;
            a.OpenedAccess = result.View.Access!.Value;
        }

        return Answer.Of(result);
    }

    public override string ToString() => "Open";
}

public sealed class StaleCredentialOp : ModelOp
{
    // The credential handed out at the open stops working at the first verified factor (a remaining item, a face scan,
    // the new contact); a read with it then shows nothing and changes nothing beyond the expiry any read applies.
    public override CaseModel Apply(CaseModel m)
    {
        var read = m.DueToExpire ? m.Step() with { State = CaseState.Expired } : m with { Expected = null, ExpectedCount = 0 };
        return m.Rotated ? read.Refuse(ErrorCodes.CredentialInvalid) : read;
    }

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.GetCaseAsync(a.OpenedAccess, World.Ct)));

    public override string ToString() => "GetCaseWithTheOpeningCredential";
}

public sealed class ClockOp(long seconds) : ModelOp
{
    public override bool Pre(CaseModel model) => true;

    public override CaseModel Apply(CaseModel m) => m with { Now = m.Now + seconds, Expected = null, ExpectedCount = 0 };

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        a.World.Clock.Advance(TimeSpan.FromSeconds(seconds));
        return default;
    }

    public override string ToString() => $"Clock+{TimeSpan.FromSeconds(seconds)}";
}

public sealed class ExpireJobOp : ModelOp
{
    public override bool Pre(CaseModel model) => true;

    public override CaseModel Apply(CaseModel m) =>
        m.DueToExpire
            ? m.Step() with { State = CaseState.Expired, ExpectedCount = 1 }
            : m with { Expected = null, ExpectedCount = 0 };

    internal override Answer Execute(ModelActual a, CaseModel m) =>
        new(null, null, Sync.Run(a.World.Service.ExpireCasesAsync(cancellationToken: World.Ct)));

    public override string ToString() => "ExpireJob";
}

public sealed class ReviewQueueOp : ModelOp
{
    public override bool Pre(CaseModel model) => true;

    public override CaseModel Apply(CaseModel m) => m with { Expected = null, ExpectedCount = m.HasCase && m.State == CaseState.Submitted ? 1 : 0 };

    internal override Answer Execute(ModelActual a, CaseModel m) =>
        new(null, null, Sync.Run(a.World.Service.ListReviewQueueAsync(cancellationToken: World.Ct)).View!.Cases.Count);

    public override string ToString() => "ListReviewQueue";
}

public sealed class ApplyApprovedResetsOp : ModelOp
{
    public override bool Pre(CaseModel model) => true;

    // The dispatcher runs between operations and applies approvals on the in-memory directory; a stand-in's approval can never be applied.
    public override CaseModel Apply(CaseModel m) => m with { Expected = null, ExpectedCount = 0 };

    internal override Answer Execute(ModelActual a, CaseModel m) => new(null, null, Sync.Run(a.World.Service.ApplyApprovedResetsAsync(cancellationToken: World.Ct)));

    public override string ToString() => "ApplyApprovedResetsJob";
}

public sealed class GetCaseForReviewOp : ModelOp
{
    // A read expires a case past its lifetime, as the job would; then the reviewer's look is recorded (one version more).
    public override CaseModel Apply(CaseModel m) => (m.DueToExpire ? m.Step() with { State = CaseState.Expired } : m).Step();

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.GetCaseForReviewAsync(a.Case, "reviewer-a", World.Ct)));

    public override string ToString() => "GetCaseForReview";
}

public sealed class GetCaseOp : ModelOp
{
    // A read expires a case past its lifetime, as the job would.
    public override CaseModel Apply(CaseModel m) => m.DueToExpire ? m.Step() with { State = CaseState.Expired } : m with { Expected = null, ExpectedCount = 0 };

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.GetCaseAsync(a.Case, World.Ct)));

    public override string ToString() => "GetCase";
}

public sealed class UnknownCaseOp : ModelOp
{
    public override bool Pre(CaseModel model) => true;

    public override CaseModel Apply(CaseModel m) => m.Refuse(ErrorCodes.CaseNotFound);

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.CancelAsync(CaseId.New(), cancellationToken: World.Ct)));

    public override string ToString() => "CancelUnknownCase";
}

// ---- applicant --------------------------------------------------------------------------------------------

public sealed class SelectOp(SecurityItems items) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        var gate = m.ApplicantGate(CaseTrigger.SelectItems);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        if (items == SecurityItems.None)
        {
            return m.Refuse(ErrorCodes.ItemsEmpty);
        }

        if ((items & ~m.Bound) != 0)
        {
            return m.Refuse(ErrorCodes.ItemsNotBound);
        }

        var selected = m.Step() with { Selected = items };
        return selected.Remaining == SecurityItems.None
            ? selected.VerificationPassed(VerificationMethod.NothingRemained)
            : selected with { State = CaseState.VerifyingItems };
    }

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.SelectItemsAsync(a.Case, items, cancellationToken: World.Ct)));

    public override string ToString() => $"Select({items})";
}

public sealed class RequestCodeOp(VerificationTarget target) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        // A factor locked for failures takes no codes either.
        if (m.Locked(CaseModel.FactorOf(target)))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var refusal = m.ApplicantGate(CaseTrigger.RequestCode) ?? m.TargetRefusal(target);
        if (refusal is not null)
        {
            return m.Refuse(refusal);
        }

        var ch = m.Challenge(target);
        if (ch is not null)
        {
            if (ch.Failed >= CaseModel.Attempts)
            {
                return m.Refuse(ErrorCodes.CodeAttemptsExhausted);
            }

            if (ch.Issued >= CaseModel.CodesPerDestination)
            {
                return m.Refuse(ErrorCodes.CodeSendLimitReached);
            }

            if (m.Now - ch.IssuedAt < CaseModel.Cooldown)
            {
                return m.Refuse(ErrorCodes.CodeResendTooSoon);
            }
        }

        // The account counts every code issued to a destination, across cases, delivered or not.
        var destination = m.DestinationOf(target);
        if (!m.MaySend(destination))
        {
            return m.Refuse(ErrorCodes.CodeSendLimitReached);
        }

        var next = new ChallengeModel((ch?.Issued ?? 0) + 1, ch?.Failed ?? 0, Live: true, m.Now, m.Now + CaseModel.CodeLifetime, Verified: false);
        return (m.Step().WithChallenge(target, next) with { CodesSent = m.CodesSent + (m.Delivers(target) ? 1 : 0) }).Counted(destination);
    }

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.RequestCodeAsync(a.Case, target, cancellationToken: World.Ct)));

    public override string ToString() => $"RequestCode({target})";
}

public enum CodeKind
{
    Right,
    Wrong,
    Stale,
    Malformed,
}

public sealed class VerifyCodeOp(VerificationTarget target, CodeKind kind) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        var factor = CaseModel.FactorOf(target);
        if (m.Locked(factor))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var refusal = m.ApplicantGate(CaseTrigger.VerifyCode) ?? m.TargetRefusal(target);
        if (refusal is not null)
        {
            return m.Refuse(refusal);
        }

        if (kind == CodeKind.Malformed)
        {
            return m.Refuse(ErrorCodes.CodeMalformed);
        }

        var ch = m.Challenge(target);
        if (ch is not null && ch.Failed >= CaseModel.Attempts)
        {
            return m.Refuse(ErrorCodes.CodeAttemptsExhausted);
        }

        if (ch is null || !ch.Live)
        {
            return m.Refuse(ErrorCodes.CodeNotRequested);
        }

        if (m.Now >= ch.ExpiresAt)
        {
            return m.Refuse(ErrorCodes.CodeExpired);
        }

        if (kind == CodeKind.Right && m.Delivers(target))
        {
            var verified = m.Step().WithChallenge(target, ch with { Live = false, Verified = true });
            if (target == VerificationTarget.NewContact)
            {
                // The applicant's own contact proves nothing about the owner: the account's failure counts stay.
                return (verified with { NewContactVerified = true }).Succeeded(factor);
            }

            var item = target == VerificationTarget.BoundEmail ? SecurityItems.Email : SecurityItems.Phone;
            verified = verified with { Verified = verified.Verified | item };
            if ((verified.Verified & verified.Remaining) == verified.Remaining)
            {
                verified = verified.VerificationPassed(VerificationMethod.Codes);
            }

            return verified.Succeeded(factor);
        }

        var failures = ch.Failed + 1;
        return m.Step(ErrorCodes.CodeInvalid).WithChallenge(target, ch with { Failed = failures, Live = failures < CaseModel.Attempts }).Counted(factor);
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var address = target switch
        {
            VerificationTarget.BoundEmail => m.BoundEmail,
            VerificationTarget.BoundPhone => m.BoundPhone,
            _ => m.NewContact switch
            {
                NewContactModel.EmailA => Accounts.NewEmailA,
                NewContactModel.EmailB => Accounts.NewEmailB,
                NewContactModel.Phone => Accounts.NewPhone,
                _ => null,
            },
        };
        var sent = address is null ? [] : a.World.Outbox.Codes.Where(c => c.CaseId == a.Case && c.Address == address).Select(c => c.Code).ToList();
        var code = kind switch
        {
            CodeKind.Right when sent.Count > 0 => sent[^1],
            CodeKind.Stale when sent.Count > 1 => sent[^2],
            CodeKind.Malformed => "12 456",
            _ => a.World.Codes.Unissued(),
        };
        return Answer.Of(Sync.Run(a.World.Service.VerifyCodeAsync(a.Case, target, code, cancellationToken: World.Ct)));
    }

    public override string ToString() => $"VerifyCode({target}, {kind})";
}

public enum TotpKind
{
    Current,
    Previous,
    Old,
    Wrong,
    Malformed,
}

public sealed class VerifyAuthenticatorOp(TotpKind kind) : ModelOp
{
    private long? StepOf(CaseModel m) => kind switch
    {
        TotpKind.Current => m.TotpNowStep,
        TotpKind.Previous => m.TotpNowStep - 1,
        TotpKind.Old => m.TotpNowStep - 3,
        _ => null,
    };

    public override bool Pre(CaseModel model) => model.HasCase && (StepOf(model) is not { } step || model.TotpUnambiguous(step));

    public override CaseModel Apply(CaseModel m)
    {
        var step = StepOf(m);
        var code = kind switch
        {
            TotpKind.Malformed => "1234567",
            TotpKind.Wrong => m.TotpWrong(),
            _ => CaseModel.TotpAt(m.Secret ?? Accounts.AliceSecret, step!.Value),
        };
        m = m with { TotpCode = code };
        if (m.Locked(CaseModel.AuthenticatorFactor))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var gate = m.ApplicantGate(CaseTrigger.VerifyAuthenticator);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        if ((m.Remaining & SecurityItems.Authenticator) == 0)
        {
            return m.Refuse(ErrorCodes.VerificationNotRequired);
        }

        if ((m.Verified & SecurityItems.Authenticator) != 0)
        {
            return m.Refuse(ErrorCodes.VerificationAlreadyDone);
        }

        if (kind == TotpKind.Malformed)
        {
            return m.Refuse(ErrorCodes.CodeMalformed);
        }

        if (m.AuthFailures >= CaseModel.Attempts)
        {
            return m.Refuse(ErrorCodes.CodeAttemptsExhausted);
        }

        var matched = m.Secret is not null && kind is TotpKind.Current or TotpKind.Previous;
        if (matched && step > (m.CaseTotp ?? long.MinValue))
        {
            var verified = m.Step() with { CaseTotp = step, Verified = m.Verified | SecurityItems.Authenticator };
            if ((verified.Verified & verified.Remaining) == verified.Remaining)
            {
                verified = verified.VerificationPassed(VerificationMethod.Codes);
            }

            return verified.Succeeded(CaseModel.AuthenticatorFactor);
        }

        return (m.Step(matched ? ErrorCodes.CodeReplayed : ErrorCodes.CodeInvalid) with { AuthFailures = m.AuthFailures + 1 }).Counted(CaseModel.AuthenticatorFactor);
    }

    internal override Answer Execute(ModelActual a, CaseModel m) =>
        Answer.Of(Sync.Run(a.World.Service.VerifyAuthenticatorAsync(a.Case, m.TotpCode!, cancellationToken: World.Ct)));

    public override string ToString() => $"VerifyAuthenticator({kind})";
}

public enum ScanKind
{
    Pass,
    Fail,
    Unknown,
    Malformed,

    /// <summary>A session this case recorded already, reported again.</summary>
    Replay,

    /// <summary>A passing session the vendor started for another case of the account.</summary>
    OtherCase,
}

public sealed class FaceScanOp(ScanKind kind) : ModelOp
{
    public override bool Pre(CaseModel model) => model.HasCase && (kind != ScanKind.Replay || model.FaceSessions > 0);

    public override CaseModel Apply(CaseModel m)
    {
        if (kind == ScanKind.Malformed)
        {
            return m.Refuse(ErrorCodes.RequestInvalid);
        }

        if (m.Locked(CaseModel.FaceScanFactor))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var gate = m.ApplicantGate(CaseTrigger.RecordFaceScan);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        if (m.Kyc != KycLevel.Advanced)
        {
            return m.Refuse(ErrorCodes.FaceScanNotOffered);
        }

        // After the items are selected whatever was selected: in the later steps, only a case that verified nothing.
        if (m.State != CaseState.VerifyingItems && m.Method != VerificationMethod.NothingRemained)
        {
            return m.Refuse(ErrorCodes.VerificationAlreadyDone);
        }

        if (m.FaceFailures >= CaseModel.Attempts)
        {
            return m.Refuse(ErrorCodes.FaceScanClosed);
        }

        // A session counts once per case: the vendor is not asked again, nothing is counted.
        if (kind == ScanKind.Replay)
        {
            return m.Refuse(ErrorCodes.FaceScanSessionUsed);
        }

        // The vendor answers a failed scan for a session started with another case's nonce; a pass counts only for an
        // account with Advanced KYC, and verifies the account's own remaining items.
        if (kind == ScanKind.Pass && m.AccountKyc == KycLevel.Advanced)
        {
            var scanned = m.Step() with { Verified = m.AccountBound & ~m.Selected, FaceSessions = m.FaceSessions + 1 };
            return (scanned with { ScanPassed = true }).VerificationPassed(VerificationMethod.FaceScan).Succeeded(CaseModel.FaceScanFactor);
        }

        return (m.Step(ErrorCodes.FaceScanFailed) with { FaceFailures = m.FaceFailures + 1, FaceSessions = m.FaceSessions + 1 }).Counted(CaseModel.FaceScanFactor);
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var identity = a.World.Identity;
        var n = ++a.ScansMinted;
        var session = kind switch
        {
            ScanKind.Pass => Registered($"scan-pass-{n}", a.Case, passed: true),
            ScanKind.Fail => Registered($"scan-fail-{n}", a.Case, passed: false),
            ScanKind.Unknown => $"scan-unknown-{n}",
            ScanKind.Replay => a.ScansRecorded.GetValueOrDefault(a.Case)?.LastOrDefault() ?? "scan-none",
            ScanKind.OtherCase => Registered($"scan-other-{n}", a.EarlierCase ?? CaseId.New(), passed: true),
            _ => "scan\n",
        };
        var answer = Answer.Of(Sync.Run(a.World.Service.RecordFaceScanAsync(a.Case, session, cancellationToken: World.Ct)));
        if (answer.Code is null or ErrorCodes.FaceScanFailed)
        {
            // The case recorded the session: the one a replay reports.
            (a.ScansRecorded.TryGetValue(a.Case, out var recorded) ? recorded : a.ScansRecorded[a.Case] = []).Add(session);
        }

        return answer;

        string Registered(string id, CaseId nonce, bool passed)
        {
            identity.RegisterFaceScan(Accounts.CarolId, nonce, id, passed);
            return id;
        }
    }

    public override string ToString() => $"FaceScan({kind})";
}

public sealed class AnswerOp(bool valid) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        if (!valid)
        {
            return m.Refuse(ErrorCodes.QuestionnaireInvalid);
        }

        var gate = m.ApplicantGate(CaseTrigger.AnswerQuestionnaire);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        var amended = m.Amend(AmendableItems.Questionnaire);
        return amended is null
            ? m.Refuse(ErrorCodes.AmendmentNotRequested)
            : (amended.Step() with { Questionnaire = true }).MoveOn();
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var answers = valid ? World.Answers() : World.Answers() with { RecentTrades = [.. Enumerable.Repeat("BTC", 21)] };
        return Answer.Of(Sync.Run(a.World.Service.AnswerQuestionnaireAsync(a.Case, answers, cancellationToken: World.Ct)));
    }

    public override string ToString() => $"AnswerQuestionnaire({(valid ? "valid" : "too many entries")})";
}

public enum ProofsKind
{
    Valid,
    MissingRequired,
    BadHash,
}

public sealed class ProofsOp(ProofsKind kind) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        var gate = m.ApplicantGate(CaseTrigger.ProvideProofs);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        if (kind != ProofsKind.Valid)
        {
            return m.Refuse(kind == ProofsKind.BadHash ? ErrorCodes.EvidenceInvalid : ErrorCodes.ProofsMissingRequired);
        }

        var amended = m.Amend(AmendableItems.SupplementaryProofs);
        return amended is null
            ? m.Refuse(ErrorCodes.AmendmentNotRequested)
            : (amended.Step() with { Proofs = true }).MoveOn();
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var proofs = kind switch
        {
            ProofsKind.Valid => World.Proofs(),
            ProofsKind.MissingRequired => [.. World.Proofs().Take(3)],
            _ => [.. World.Proofs().Select((p, i) => i == 1 ? p with { File = p.File with { Sha256 = "ABC" } } : p)],
        };
        return Answer.Of(Sync.Run(a.World.Service.ProvideProofsAsync(a.Case, proofs, cancellationToken: World.Ct)));
    }

    public override string ToString() => $"ProvideProofs({kind})";
}

public enum ContactChoice
{
    EmailA,
    EmailB,
    Phone,
    SameEmail,
    SamePhone,
    Smuggled,
}

public sealed class SetContactOp(ContactChoice choice) : ModelOp
{
    public override bool Pre(CaseModel model) => model.HasCase && choice switch
    {
        ContactChoice.SameEmail => model.BoundEmail is not null,
        ContactChoice.SamePhone => model.BoundPhone is not null,
        _ => true,
    };

    public override CaseModel Apply(CaseModel m)
    {
        if (choice == ContactChoice.Smuggled)
        {
            return m.Refuse(ErrorCodes.ContactInvalid);
        }

        if (m.Locked(CaseModel.IdentityFactor))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var gate = m.ApplicantGate(CaseTrigger.SetNewContact);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        // Each mismatch with the account's own details is a failed check the account counts.
        if (choice is ContactChoice.SameEmail or ContactChoice.SamePhone)
        {
            return m.Step(ErrorCodes.ContactSameAsCurrent).Counted(CaseModel.IdentityFactor);
        }

        var contact = choice switch
        {
            ContactChoice.EmailA => NewContactModel.EmailA,
            ContactChoice.EmailB => NewContactModel.EmailB,
            _ => NewContactModel.Phone,
        };
        var next = (m.Step() with { NewContact = contact, NewContactVerified = false }).Succeeded(CaseModel.IdentityFactor);
        return m.NewContactCodes is { } ch ? next with { NewContactCodes = ch with { Live = false, Verified = false } } : next;
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var (kind, address) = choice switch
        {
            ContactChoice.EmailA => (ContactKind.Email, Accounts.NewEmailA),
            ContactChoice.EmailB => (ContactKind.Email, "  " + Accounts.NewEmailB.ToUpperInvariant()),
            ContactChoice.Phone => (ContactKind.Phone, Accounts.NewPhone),
            ContactChoice.SameEmail => (ContactKind.Email, " " + m.BoundEmail!.ToUpperInvariant() + " "),
            ContactChoice.SamePhone => (ContactKind.Phone, string.Join(' ', m.BoundPhone!.Chunk(3).Select(c => new string(c)))),
            _ => (ContactKind.Email, $"{Accounts.NewEmailA},{Accounts.NewEmailB}"),
        };
        return Answer.Of(Sync.Run(a.World.Service.SetNewContactAsync(a.Case, kind, address, cancellationToken: World.Ct)));
    }

    public override string ToString() => $"SetNewContact({choice})";
}

public enum DocumentKind
{
    KycDocument,
    Other,
    Malformed,
}

public sealed class DocumentOp(DocumentKind kind) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        if (kind == DocumentKind.Malformed)
        {
            return m.Refuse(ErrorCodes.DocumentInvalid);
        }

        if (m.Locked(CaseModel.IdentityFactor))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var gate = m.ApplicantGate(CaseTrigger.SubmitDocument);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        if (kind == DocumentKind.Other && m.Persona is Persona.CarolSignedIn or Persona.CarolByEmail)
        {
            return m.Step(ErrorCodes.DocumentNotKycDocument).Counted(CaseModel.IdentityFactor);
        }

        var amended = m.Amend(AmendableItems.IdentityDocument);
        return amended is null ? m.Refuse(ErrorCodes.AmendmentNotRequested) : (amended.Step() with { Document = true }).Succeeded(CaseModel.IdentityFactor);
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var document = kind switch
        {
            DocumentKind.KycDocument when m.Persona is Persona.CarolSignedIn or Persona.CarolByEmail => World.Document("c01x 00t-47", DocumentType.Passport, "de"),
            DocumentKind.Malformed => World.Document(country: "Deutschland"),
            _ => World.Document(),
        };
        return Answer.Of(Sync.Run(a.World.Service.SubmitDocumentAsync(a.Case, document, cancellationToken: World.Ct)));
    }

    public override string ToString() => $"SubmitDocument({kind})";
}

public enum VideoKind
{
    Valid,
    WrongUid,
    Yesterday,

    /// <summary>Somebody else's email on the statement.</summary>
    OtherEmail,

    /// <summary>No phone on the statement.</summary>
    BlankPhone,
}

public sealed class VideoOp(VideoKind kind) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        if (m.Locked(CaseModel.IdentityFactor))
        {
            return m.Refuse(ErrorCodes.AccountLocked);
        }

        var gate = m.ApplicantGate(CaseTrigger.SubmitVideo);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        if (kind == VideoKind.WrongUid || m.IsStandIn)
        {
            return m.Refuse(ErrorCodes.StatementUidMismatch);
        }

        if (kind == VideoKind.Yesterday)
        {
            return m.Refuse(ErrorCodes.StatementDateNotToday);
        }

        // The statement's email and phone must be the bound ones, wherever the account has one (a blank one there fails).
        if (kind == VideoKind.OtherEmail || (kind == VideoKind.BlankPhone && m.BoundPhone is not null))
        {
            return m.Step(ErrorCodes.StatementContactMismatch).Counted(CaseModel.IdentityFactor);
        }

        var amended = m.Amend(AmendableItems.VerificationVideo);
        return amended is null ? m.Refuse(ErrorCodes.AmendmentNotRequested) : (amended.Step() with { Video = true }).Succeeded(CaseModel.IdentityFactor);
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var video = a.World.Video(kind == VideoKind.WrongUid ? "U-SOMEONE-ELSE" : m.AccountId, kind == VideoKind.Yesterday ? -1 : 0);
        video = kind switch
        {
            VideoKind.OtherEmail => video with { Statement = video.Statement with { Email = "someone.else@example.net" } },
            VideoKind.BlankPhone => video with { Statement = video.Statement with { Phone = " " } },
            _ => video,
        };
        return Answer.Of(Sync.Run(a.World.Service.SubmitVideoAsync(a.Case, video, cancellationToken: World.Ct)));
    }

    public override string ToString() => $"SubmitVideo({kind})";
}

public sealed class TermsOp(bool valid) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        var gate = m.ApplicantGate(CaseTrigger.AcceptTerms);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        return valid ? m.Step() with { Terms = true } : m.Refuse(ErrorCodes.TermsVersionInvalid);
    }

    internal override Answer Execute(ModelActual a, CaseModel m) =>
        Answer.Of(Sync.Run(a.World.Service.AcceptTermsAsync(a.Case, valid ? "2026-11" : "   ", cancellationToken: World.Ct)));

    public override string ToString() => $"AcceptTerms({(valid ? "2026-11" : "blank")})";
}

public sealed class SubmitOp : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        var gate = m.ApplicantGate(CaseTrigger.Submit);
        if (gate is not null)
        {
            return m.Refuse(gate);
        }

        var complete = m.State switch
        {
            CaseState.IdentityVerification => m.NewContactVerified && m.Document && m.Video && m.Terms,
            CaseState.InformationRequested => (m.Amended & m.Requested) == m.Requested,
            _ => true,
        };
        // Each submission starts the review deadline.
        return complete
            ? m.Step() with
            {
                State = CaseState.Submitted,
                ExpiresAt = m.Now + CaseModel.ReviewDeadline,
                Reviewer = null,
                ClaimedAt = null,
                Requested = AmendableItems.None,
                Amended = AmendableItems.None,
            }
            : m.Refuse(ErrorCodes.SubmissionIncomplete);
    }

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.SubmitAsync(a.Case, cancellationToken: World.Ct)));

    public override string ToString() => "Submit";
}

public sealed class CancelOp : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        var gate = m.ApplicantGate(CaseTrigger.Cancel);
        return gate is not null ? m.Refuse(gate) : m.Step() with { State = CaseState.Cancelled };
    }

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.CancelAsync(a.Case, cancellationToken: World.Ct)));

    public override string ToString() => "Cancel";
}

// ---- reviewer ---------------------------------------------------------------------------------------------

public sealed class ClaimOp(string reviewer) : ModelOp
{
    public override CaseModel Apply(CaseModel m)
    {
        if (string.IsNullOrWhiteSpace(reviewer))
        {
            return m.Refuse(ErrorCodes.RequestInvalid);
        }

        if (!CaseModel.Listed(m.State, CaseTrigger.Claim))
        {
            return m.Refuse(ErrorCodes.TransitionNotAllowed);
        }

        // Past the review deadline the case takes nothing but its expiry; a live claim is its reviewer's alone.
        if (m.PastExpiry)
        {
            return m.Refuse(ErrorCodes.CaseExpired);
        }

        return m.State == CaseState.UnderReview && !m.ClaimLapsed
            ? m.Refuse(ErrorCodes.ReviewClaimHeld)
            : m.Step() with { State = CaseState.UnderReview, Reviewer = reviewer, ClaimedAt = m.Now };
    }

    internal override Answer Execute(ModelActual a, CaseModel m) => Answer.Of(Sync.Run(a.World.Service.ClaimAsync(a.Case, reviewer, cancellationToken: World.Ct)));

    public override string ToString() => $"Claim({reviewer})";
}

public enum Verdict
{
    Approve,
    Reject,
    RejectWithBadReason,
    RequestInformation,
    RequestNothing,
}

public sealed class ReviewOp(string reviewer, Verdict verdict, AmendableItems items = AmendableItems.None) : ModelOp
{
    private CaseTrigger Trigger => verdict switch
    {
        Verdict.Approve => CaseTrigger.Approve,
        Verdict.Reject or Verdict.RejectWithBadReason => CaseTrigger.Reject,
        _ => CaseTrigger.RequestInformation,
    };

    public override CaseModel Apply(CaseModel m)
    {
        if (!CaseModel.Listed(m.State, Trigger))
        {
            return m.Refuse(ErrorCodes.TransitionNotAllowed);
        }

        if (!string.Equals(reviewer, m.Reviewer, StringComparison.Ordinal))
        {
            return m.Refuse(ErrorCodes.ActorNotAllowed);
        }

        if (m.PastExpiry)
        {
            return m.Refuse(ErrorCodes.CaseExpired);
        }

        if (m.ClaimLapsed)
        {
            return m.Refuse(ErrorCodes.ReviewClaimLapsed);
        }

        switch (verdict)
        {
            case Verdict.Approve:
                var approved = m.Step() with { State = CaseState.Approved };
                // The dispatcher starts the reset (a commit of its own), applies it and completes the case.
                return m.IsStandIn ? approved : approved.Step().Step() with { State = CaseState.Completed, Completed = true };
            case Verdict.Reject:
                return m.Step() with { State = CaseState.Rejected };
            case Verdict.RejectWithBadReason:
                return m.Refuse(ErrorCodes.ReviewReasonInvalid);
            case Verdict.RequestNothing:
                return m.Refuse(ErrorCodes.ReviewAmendmentsRequired);
            default:
                return m.Step() with
                {
                    State = CaseState.InformationRequested,
                    ExpiresAt = m.Now + CaseModel.CaseLifetime,
                    Requested = items,
                    Amended = AmendableItems.None,
                };
        }
    }

    internal override Answer Execute(ModelActual a, CaseModel m)
    {
        var s = a.World.Service;
        return Answer.Of(Sync.Run(verdict switch
        {
            Verdict.Approve => s.ApproveAsync(a.Case, reviewer, cancellationToken: World.Ct),
            Verdict.Reject => s.RejectAsync(a.Case, reviewer, "documents.unclear", cancellationToken: World.Ct),
            Verdict.RejectWithBadReason => s.RejectAsync(a.Case, reviewer, "Not A Reason!", cancellationToken: World.Ct),
            Verdict.RequestNothing => s.RequestInformationAsync(a.Case, reviewer, AmendableItems.None, "more.needed", cancellationToken: World.Ct),
            _ => s.RequestInformationAsync(a.Case, reviewer, items, "more.needed", cancellationToken: World.Ct),
        }));
    }

    protected override CaseState? AnsweredState(CaseModel model) =>
        verdict == Verdict.Approve && model.Expected is null && model.State == CaseState.Completed ? CaseState.Approved : null;

    public override string ToString() => verdict == Verdict.RequestInformation ? $"RequestInformation({reviewer}, {items})" : $"{verdict}({reviewer})";
}
