using BenchmarkDotNet.Attributes;
using SecurityReset.Benchmarks.Support;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Benchmarks.Decide;

/// <summary>The command decided in <see cref="DecideBenchmarks"/>, on a snapshot prepared for it.</summary>
public enum DecidedCommand
{
    /// <summary>Select the authenticator in a new case (→ VerifyingItems).</summary>
    SelectItems,

    /// <summary>The right SMS code after the email was verified (→ Questionnaire, two events, the step policy).</summary>
    VerifyCode,

    /// <summary>The right authenticator code when it is the one remaining item (→ Questionnaire).</summary>
    VerifyAuthenticator,

    /// <summary>The questionnaire answers, validated with FluentValidation (→ SupplementaryProofs).</summary>
    AnswerQuestionnaire,
}

/// <summary>
/// One command on a prepared snapshot, four ways. Baseline: the naive Stateless use (configure a machine from the
/// workflow definition, fire it with the command). The floor: a hand-written switch. The library: <see cref="CaseDecider.Decide"/>, which also
/// checks the actor and lifetime, runs the rules and validation, hashes and compares codes, checks the
/// destination against the compiled table, and returns a new snapshot with its events.
/// </summary>
[MemoryDiagnoser]
public class DecideBenchmarks
{
    private static readonly QuestionnaireScore Score = new(5, 6);

    private CaseDecider _decider = null!;
    private NaiveStatelessWorkflow.Cached _cached = null!;
    private ResetCase _snapshot = null!;
    private CaseCommand _command = null!;
    private Actor _actor = null!;
    private byte[]? _secret;

    [ParamsAllValues]
    public DecidedCommand Command { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _decider = new CaseDecider(Fixtures.Options());
        _cached = new NaiveStatelessWorkflow.Cached();
        (_snapshot, _command) = Prepare(_decider, Command);
        _actor = Actor.Applicant(_snapshot.Account.AccountId);
        _secret = Command == DecidedCommand.VerifyAuthenticator ? Fixtures.AuthenticatorSecret : null;

        // Every way must agree on the destination, and the library must accept the command.
        var decision = Decide();
        var expected = HandWrittenWorkflow.Next(_snapshot, _command);
        if (!decision.Succeeded || decision.Case.State != expected || Stateless_BuildConfigureFire() != expected || Stateless_CachedMachine_FireOnly() != expected)
        {
            throw new InvalidOperationException($"{Command}: the decider said {decision.Error?.Code ?? decision.Case.State.ToString()}, the switch {expected}.");
        }
    }

    [Benchmark(Baseline = true)]
    public CaseState Stateless_BuildConfigureFire()
    {
        return NaiveStatelessWorkflow.Fire(_decider, _snapshot, _command, _actor, Fixtures.Now, _secret);
    }

    [Benchmark]
    public CaseState Stateless_CachedMachine_FireOnly()
    {
        return _cached.Fire(_decider, _snapshot, _command, _actor, Fixtures.Now, _secret);
    }

    [Benchmark]
    public CaseState? HandWrittenSwitch() => HandWrittenWorkflow.Next(_snapshot, _command);

    [Benchmark]
    public object CaseDecider_Decide() => Decide();

    private Decision Decide() => _decider.Decide(_snapshot, _command, _actor, Fixtures.Now, _secret);

    /// <summary>Drives a case through the decider to the snapshot the command applies to.</summary>
    internal static (ResetCase Snapshot, CaseCommand Command) Prepare(CaseDecider decider, DecidedCommand command)
    {
        var account = new AccountSnapshot(
            Fixtures.AccountId,
            new ProtectedContact(ContactKind.Email, "a***@e***.com", "ZW1haWwtZmluZ2VycHJpbnQ="),
            new ProtectedContact(ContactKind.Phone, "***78", "cGhvbmUtZmluZ2VycHJpbnQ="),
            AuthenticatorBound: true,
            KycLevel.None,
            null);
        var actor = Actor.Applicant(account.AccountId);
        var now = Fixtures.Now;
        var c = decider.Open(new CaseId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")), account, Channel.Web, EntryPoint.LoggedIn, now).Case;

        Decision Accept(CaseCommand next)
        {
            var decision = decider.Decide(c, next, actor, now, Fixtures.AuthenticatorSecret);
            if (!decision.Succeeded)
            {
                throw new InvalidOperationException($"Preparing {command}: {next.Trigger} was refused with {decision.Error!.Code}.");
            }

            c = decision.Case;
            return decision;
        }

        switch (command)
        {
            case DecidedCommand.SelectItems:
                return (c, new SelectItems(SecurityItems.Authenticator));
            case DecidedCommand.VerifyAuthenticator:
                Accept(new SelectItems(SecurityItems.Email | SecurityItems.Phone));
                return (c, new VerifyAuthenticator(Fixtures.Totp()));
        }

        Accept(new SelectItems(SecurityItems.Authenticator));
        var emailCode = Accept(new RequestCode(VerificationTarget.BoundEmail)).IssuedCode!.Code;
        Accept(new VerifyCode(VerificationTarget.BoundEmail, emailCode));
        var phoneCode = Accept(new RequestCode(VerificationTarget.BoundPhone)).IssuedCode!.Code;
        var verifyPhone = new VerifyCode(VerificationTarget.BoundPhone, phoneCode);
        if (command == DecidedCommand.VerifyCode)
        {
            return (c, verifyPhone);
        }

        Accept(verifyPhone);
        return (c, new AnswerQuestionnaire(Fixtures.Answers(), Score));
    }
}
