using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.TestSupport;

/// <summary>One decision of a generated run, with what the run knew when it was taken.</summary>
internal sealed record RunStep(
    int CaseNumber,
    ResetCase Before,
    CaseCommand Command,
    Actor Actor,
    DateTimeOffset At,
    Decision Decision,
    string? LastIssuedCode,
    SecurityResetOptions Options);

/// <summary>
/// Plays a <see cref="Scenario"/> against the decider, the way the service would: one account, a case at a time,
/// the saved snapshot replaced whenever a decision changed it, a new case (carrying the account's last accepted
/// authenticator step) opened now and then after a case ends. Every decision is handed to a checker.
/// </summary>
internal sealed class ScenarioRun
{
    private static readonly TimeSpan[] ShortJumps = [.. new[] { 1, 29, 30, 31, 59, 60, 61, 90, 120, 300 }.Select(s => TimeSpan.FromSeconds(s))];

    private static readonly TimeSpan[] LongJumps =
    [
        new(0, 14, 59), new(0, 15, 0), new(0, 10, 0), new(0, 20, 0), new(1, 0, 0), new(2, 0, 0), new(6, 0, 0), new(12, 0, 0),
    ];

    private static readonly TimeSpan[] VeryLongJumps =
    [
        TimeSpan.FromHours(24), TimeSpan.FromHours(36), TimeSpan.FromHours(48), new(71, 59, 59), TimeSpan.FromHours(72), TimeSpan.FromHours(80),
    ];

    private static readonly TimeSpan[] Offsets =
    [
        TimeSpan.Zero, TimeSpan.FromHours(2), TimeSpan.FromHours(-5), new(5, 30, 0), TimeSpan.FromHours(14), TimeSpan.FromHours(-12),
    ];

    private static readonly int TriggerCount = Enum.GetValues<CaseTrigger>().Length;

    private readonly Scenario _scenario;
    private readonly SecurityResetOptions _options;
    private readonly RecordingCodeGenerator _codes = new();
    private readonly CaseDecider _decider;
    private readonly Dictionary<(int Case, VerificationTarget Target), string> _lastIssued = [];
    private readonly List<string> _acceptedCodes = [];
    private readonly AccountSnapshot _account;
    private DateTimeOffset _now = TestClock.Start;
    private long? _lastAcceptedTotpStep;
    private int _caseNumber;

    private ScenarioRun(Scenario scenario)
    {
        _scenario = scenario;
        _options = scenario.Options();
        _decider = new CaseDecider(_options, _codes);
        _account = scenario.Account();
        Case = Open();
    }

    public ResetCase Case { get; private set; }

    /// <summary>Plays the scenario and hands every decision to <paramref name="check"/>.</summary>
    public static void Play(Scenario scenario, Action<RunStep> check)
    {
        var run = new ScenarioRun(scenario);
        foreach (var move in scenario.Moves)
        {
            run.Play(move, check);
        }
    }

    /// <summary>Plays the scenario and returns the states its cases went through.</summary>
    public static IReadOnlySet<CaseState> StatesVisited(Scenario scenario)
    {
        var states = new HashSet<CaseState> { CaseState.SelectingItems };
        Play(scenario, step => states.Add(step.Decision.Case.State));
        return states;
    }

    private ResetCase Open()
    {
        _caseNumber++;
        var id = new CaseId(new Guid(_caseNumber, 0x1234, 0x5678, [1, 2, 3, 4, 5, 6, 7, 8]));
        return _decider.Open(id, _account, Channel.App, _scenario.EntryPoint, _now, _lastAcceptedTotpStep).Case;
    }

    private void Play(Move move, Action<RunStep> check)
    {
        _now += Jump(move.Jump);
        if (Case.IsTerminal && move.Variant < 25)
        {
            Case = Open();
            return;
        }

        var command = Command(move, out var target);
        var actor = ActorFor(move, command.Trigger);
        _lastIssued.TryGetValue((_caseNumber, target), out var lastIssued);
        var before = Case;
        var decision = _decider.Decide(before, command, actor, _now, TestSecrets.AuthenticatorSecret);
        check(new RunStep(_caseNumber, before, command, actor, _now, decision, lastIssued, _options));

        if (decision.IssuedCode is { } issued)
        {
            _lastIssued[(_caseNumber, issued.Target)] = issued.Code;
        }

        if (decision.Succeeded && command is VerifyCode verified)
        {
            _acceptedCodes.Add(verified.Code);
        }

        if (decision.Changed)
        {
            Case = decision.Case;
            _lastAcceptedTotpStep = Case.LastAcceptedTotpStep ?? _lastAcceptedTotpStep;
        }
    }

    private static TimeSpan Jump(int jump) => jump switch
    {
        < 800 => TimeSpan.Zero,
        < 900 => ShortJumps[jump % ShortJumps.Length],
        < 980 => LongJumps[jump % LongJumps.Length],
        _ => VeryLongJumps[jump % VeryLongJumps.Length],
    };

    private CaseCommand Command(Move move, out VerificationTarget target)
    {
        var v = move.Variant;
        CaseTrigger trigger;
        if (move.Pick < TriggerCount)
        {
            trigger = (CaseTrigger)move.Pick;
        }
        else
        {
            // Cancelling ends a run early: the guided picks cancel rarely.
            var listed = CaseWorkflow.TriggersOf(Case.State).Where(t => t != CaseTrigger.Cancel || v < 3).ToList();
            trigger = listed.Count == 0 ? (CaseTrigger)(move.Pick % TriggerCount) : listed[move.Pick % listed.Count];
        }

        target = Target(v);
        return trigger switch
        {
            CaseTrigger.SelectItems => new SelectItems(v < 85 ? Subset(v) : (SecurityItems)(v % 16)),
            CaseTrigger.RequestCode => new RequestCode(target),
            CaseTrigger.VerifyCode => new VerifyCode(target, CodeFor(target, v)),
            CaseTrigger.VerifyAuthenticator => new VerifyAuthenticator(TotpFor(v)),
            CaseTrigger.RecordFaceScan => new RecordFaceScan(TestSecrets.Fingerprint($"session-{v % 8}"), v % 3 != 0, v == 99 ? string.Empty : $"scan-{v}"),
            CaseTrigger.AnswerQuestionnaire => new AnswerQuestionnaire(Inputs.Answers, v < 90 ? Inputs.Score : new QuestionnaireScore(6, 5)),
            CaseTrigger.ProvideProofs => new ProvideProofs(Proofs(v)),
            CaseTrigger.SetNewContact => new SetNewContact(Contact(v)),
            CaseTrigger.SubmitDocument => new SubmitDocument(v switch
            {
                < 75 => Inputs.Document(_account.KycDocument),
                < 95 => Inputs.Document(Inputs.OtherPassport),
                _ => Inputs.Document(Inputs.OtherPassport with { IssuingCountry = "gb" }),
            }),
            CaseTrigger.SubmitVideo => Inputs.SubmitVideo(Inputs.Video(Statement(v))),
            CaseTrigger.AcceptTerms => new AcceptTerms(v < 90 ? Inputs.TermsVersion : string.Empty),
            CaseTrigger.Submit => new Submit(),
            CaseTrigger.Claim => new Claim(),
            CaseTrigger.Approve => new Approve(),
            CaseTrigger.Reject => new Reject(v < 90 ? "identity.not_proven" : "Not Proven"),
            CaseTrigger.RequestInformation => new RequestInformation((AmendableItems)((v % 15) + 1), v < 95 ? "more.info" : string.Empty),
            CaseTrigger.CompleteReset => new CompleteReset(),
            CaseTrigger.Cancel => new Cancel(),
            CaseTrigger.Expire => new Expire(),
            CaseTrigger.ReleaseUndeliveredCode => new ReleaseUndeliveredCode(target, v < 50 ? "000000" : "123456"),
            CaseTrigger.Supersede => new Supersede(v < 50),
            CaseTrigger.Dispute => new Dispute(v < 80 && !Case.DisputeTokens.IsDefaultOrEmpty ? Case.DisputeTokens[v % Case.DisputeTokens.Length].Hash : "forged", "not me"),
            CaseTrigger.BeginReset => new BeginReset(),
            _ => throw new InvalidOperationException(trigger.ToString()),
        };
    }

    private Actor ActorFor(Move move, CaseTrigger trigger)
    {
        var applicant = Actor.Applicant(_account.AccountId);
        return move.ActorPick switch
        {
            16 => CaseHarness.Stranger,
            17 => CaseHarness.ReviewerA,
            18 => CaseHarness.ReviewerB,
            19 => Actor.System,
            _ => trigger switch
            {
                CaseTrigger.Claim => move.Variant % 2 == 0 ? CaseHarness.ReviewerA : CaseHarness.ReviewerB,
                CaseTrigger.Approve or CaseTrigger.Reject or CaseTrigger.RequestInformation =>
                    Case.ReviewerId is null ? CaseHarness.ReviewerA : Actor.Reviewer(Case.ReviewerId),
                CaseTrigger.CompleteReset or CaseTrigger.Expire or CaseTrigger.ReleaseUndeliveredCode or CaseTrigger.Supersede or CaseTrigger.Dispute
                    or CaseTrigger.BeginReset => Actor.System,
                CaseTrigger.RecordFaceScan => move.Variant % 2 == 0 ? Actor.System : applicant,
                _ => applicant,
            },
        };
    }

    /// <summary>Mostly the destination the current step takes a code for; sometimes any destination.</summary>
    private VerificationTarget Target(int v)
    {
        if (v / 10 >= 8)
        {
            return (VerificationTarget)(v % 3);
        }

        if (Case.State is CaseState.IdentityVerification)
        {
            return VerificationTarget.NewContact;
        }

        var open = Case.RemainingItems & ~Case.VerifiedItems;
        var email = (open & SecurityItems.Email) != 0;
        var phone = (open & SecurityItems.Phone) != 0;
        return email && (!phone || v % 2 == 0) ? VerificationTarget.BoundEmail : phone ? VerificationTarget.BoundPhone : VerificationTarget.BoundEmail;
    }

    private SecurityItems Subset(int v)
    {
        var subset = (SecurityItems)((v % 7) + 1) & _account.BoundItems;
        return subset == SecurityItems.None ? _account.BoundItems : subset;
    }

    private string CodeFor(VerificationTarget target, int v)
    {
        var last = _lastIssued.GetValueOrDefault((_caseNumber, target), "000000");
        return (v % 10) switch
        {
            < 6 => last,
            < 8 => RecordingCodeGenerator.Wrong(last),
            8 => _acceptedCodes.Count == 0 ? last : _acceptedCodes[v % _acceptedCodes.Count],
            _ => "12ab56",
        };
    }

    private string TotpFor(int v) => (v % 10) switch
    {
        < 6 => Authenticator.CodeAt(_now),
        6 => Authenticator.CodeAt(_now - TimeSpan.FromSeconds(30)),
        7 => Authenticator.CodeAt(_now + TimeSpan.FromSeconds(60)),
        8 => RecordingCodeGenerator.Wrong(Authenticator.CodeAt(_now)),
        _ => _lastAcceptedTotpStep is { } step ? Authenticator.CodeAt(DateTimeOffset.FromUnixTimeSeconds(step * 30)) : Authenticator.CodeAt(_now),
    };

    private static List<SupplementaryProof> Proofs(int v)
    {
        var proofs = Inputs.Proofs(withOther: v % 2 == 0);
        switch (v)
        {
            case < 70:
                break;
            case < 80:
                proofs.RemoveAt(v % 4);
                break;
            case < 85:
                proofs.AddRange(Enumerable.Range(0, 17).Select(i => new SupplementaryProof(ProofKind.Other, Inputs.File($"extra-{i}"))));
                break;
            case < 90:
                proofs[0] = proofs[0] with { File = Inputs.File(sha256: "bad") };
                break;
            case < 95:
                proofs[1] = proofs[1] with { File = Inputs.File(mediaType: "image/gif") };
                break;
            default:
                proofs[2] = proofs[2] with { File = Inputs.File(sizeBytes: long.MaxValue) };
                break;
        }

        return proofs;
    }

    private ProtectedContact Contact(int v) => v switch
    {
        < 50 => Contacts.Email($"new{v}@example.org"),
        < 75 => Contacts.Phone($"+4477009{v:D5}"),
        < 95 => _account.Email ?? _account.Phone ?? Contacts.Email("fallback@example.org"),
        _ => Inputs.NewEmail with { Sealed = null },
    };

    private DeclaredStatement Statement(int v)
    {
        var statement = Inputs.Statement(_account.AccountId, _now, Offsets[v % Offsets.Length]);
        return v switch
        {
            < 65 => statement,
            < 70 => statement with { Email = "someone.else@example.org" },
            < 80 => statement with { Uid = "U00000000" },
            < 90 => statement with { Date = statement.Date.AddDays(-1) },
            _ => statement with { Reason = " " },
        };
    }
}
