using Microsoft.Extensions.Time.Testing;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.TestSupport;

/// <summary>
/// One case driven through the decider with a fake clock: sends commands, keeps the latest snapshot (as the
/// service would save it) and offers shortcuts to reach each state.
/// </summary>
internal sealed class CaseHarness
{
    public static readonly CaseId DefaultCaseId = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
    public static readonly Actor ReviewerA = Actor.Reviewer("reviewer-a");
    public static readonly Actor ReviewerB = Actor.Reviewer("reviewer-b");
    public static readonly Actor Stranger = Actor.Applicant("U99999999");

    public CaseHarness(
        AccountSnapshot? account = null,
        SecurityResetOptions? options = null,
        EntryPoint entryPoint = EntryPoint.LoggedIn,
        DateTimeOffset? start = null,
        long? lastAcceptedTotpStep = null,
        CaseId? id = null)
    {
        Options = options ?? TestSecrets.Options();
        Clock = TestClock.Create(start);
        Codes = new RecordingCodeGenerator();
        Decider = new CaseDecider(Options, Codes);
        var opened = Decider.Open(id ?? DefaultCaseId, account ?? AccountBuilder.Default().Build(), Channel.Web, entryPoint, Now, lastAcceptedTotpStep);
        Opened = opened;
        Case = opened.Case;
    }

    public SecurityResetOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingCodeGenerator Codes { get; }

    public CaseDecider Decider { get; }

    public Decision Opened { get; }

    /// <summary>Every decision sent through <see cref="Send"/>, with its input, actor and time.</summary>
    public List<LoggedDecision> Log { get; } = [];

    /// <summary>The latest saved snapshot.</summary>
    public ResetCase Case { get; private set; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public Actor Applicant => Actor.Applicant(Case.Account.AccountId);

    public void Wait(TimeSpan delay) => Clock.Advance(delay);

    /// <summary>Decides a command (by the applicant unless told) and keeps the result when it changed the case.</summary>
    public Decision Send(CaseCommand command, Actor? actor = null)
    {
        var before = Case;
        var sender = actor ?? Applicant;
        var decision = Decider.Decide(before, command, sender, Now, TestSecrets.AuthenticatorSecret);
        Log.Add(new LoggedDecision(before, command, sender, Now, decision));
        if (decision.Changed)
        {
            Case = decision.Case;
        }

        return decision;
    }

    /// <summary>Sends a command that must succeed.</summary>
    public Decision Accept(CaseCommand command, Actor? actor = null)
    {
        var decision = Send(command, actor);
        Assert.True(decision.Succeeded, $"{command.Trigger} in {decision.Case.State} was refused: {decision.Error?.Code}");
        return decision;
    }

    public string RequestCode(VerificationTarget target) => Accept(new RequestCode(target)).IssuedCode!.Code;

    public Decision SelectItems(SecurityItems items = SecurityItems.Authenticator) => Accept(new SelectItems(items));

    /// <summary>Verifies every remaining item the ordinary way: codes to email and phone, the current TOTP.</summary>
    public void VerifyRemaining()
    {
        var remaining = Case.RemainingItems & ~Case.VerifiedItems;
        if ((remaining & SecurityItems.Email) != 0)
        {
            Accept(new VerifyCode(VerificationTarget.BoundEmail, RequestCode(VerificationTarget.BoundEmail)));
        }

        if ((remaining & SecurityItems.Phone) != 0)
        {
            Accept(new VerifyCode(VerificationTarget.BoundPhone, RequestCode(VerificationTarget.BoundPhone)));
        }

        if ((remaining & SecurityItems.Authenticator) != 0)
        {
            Accept(new VerifyAuthenticator(Authenticator.CodeAt(Now)));
        }
    }

    public void AnswerQuestionnaire() => Accept(new AnswerQuestionnaire(Inputs.Answers, Inputs.Score));

    public void ProvideProofs() => Accept(new ProvideProofs(Inputs.Proofs(withOther: true)));

    /// <summary>Gives and verifies a new email, uploads the KYC (or default) document and a video, accepts the terms.</summary>
    public void CompleteIdentity()
    {
        Accept(new SetNewContact(Inputs.NewEmail));
        Accept(new VerifyCode(VerificationTarget.NewContact, RequestCode(VerificationTarget.NewContact)));
        Accept(new SubmitDocument(Inputs.Document(Case.Account.KycDocument)));
        Accept(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(Case.Account.AccountId, Now))));
        Accept(new AcceptTerms(Inputs.TermsVersion));
    }

    /// <summary>Completes whatever step the case is in, until it leaves the applicant's part.</summary>
    public void CompleteSteps()
    {
        if (Case.State == CaseState.Questionnaire)
        {
            AnswerQuestionnaire();
        }

        if (Case.State == CaseState.SupplementaryProofs)
        {
            ProvideProofs();
        }

        if (Case.State == CaseState.IdentityVerification)
        {
            CompleteIdentity();
        }
    }

    /// <summary>Drives the default path (authenticator lost, codes for email and phone, every step) to a state.</summary>
    public CaseHarness DriveTo(CaseState target)
    {
        switch (target)
        {
            case CaseState.SelectingItems:
                return this;
            case CaseState.Cancelled:
                Accept(new Cancel());
                return this;
            case CaseState.Expired:
                Wait(Options.Lifetimes.Case);
                Accept(new Expire(), Actor.System);
                return this;
            case CaseState.Superseded:
                Accept(new Supersede(BySignedInOwner: true), Actor.System);
                return this;
        }

        SelectItems();
        if (target == CaseState.VerifyingItems)
        {
            return this;
        }

        VerifyRemaining();
        if (target == CaseState.Questionnaire)
        {
            return this;
        }

        AnswerQuestionnaire();
        if (target == CaseState.SupplementaryProofs)
        {
            return this;
        }

        ProvideProofs();
        if (target == CaseState.IdentityVerification)
        {
            return this;
        }

        CompleteIdentity();
        if (target == CaseState.ReadyToSubmit)
        {
            throw new InvalidOperationException("The default path has no ReadyToSubmit state; use the face-scan path.");
        }

        Accept(new Submit());
        if (target == CaseState.Submitted)
        {
            return this;
        }

        Accept(new Claim(), ReviewerA);
        switch (target)
        {
            case CaseState.UnderReview:
                return this;
            case CaseState.InformationRequested:
                Accept(new RequestInformation(AmendableItems.IdentityDocument, "document.unreadable"), ReviewerA);
                return this;
            case CaseState.Rejected:
                Accept(new Reject("identity.not_proven"), ReviewerA);
                return this;
        }

        Accept(new Approve(), ReviewerA);
        if (target == CaseState.Approved)
        {
            return this;
        }

        if (target == CaseState.Disputed)
        {
            Case = Case with { DisputeTokens = [new DisputeToken("harness-token", ContactKind.Email)] };
            Accept(new Dispute("harness-token", "not me"), Actor.System);
            return this;
        }

        Accept(new BeginReset(), Actor.System);
        Accept(new CompleteReset(), Actor.System);
        return target == CaseState.Completed ? this : throw new ArgumentOutOfRangeException(nameof(target));
    }
}

/// <summary>One decision as the harness sent it.</summary>
internal sealed record LoggedDecision(ResetCase Before, CaseCommand Command, Actor Actor, DateTimeOffset At, Decision Decision);
