using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>The 72-hour case lifetime, expiry, cancellation and the terminal states.</summary>
public sealed class CaseLifetimeTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    public static TheoryData<CaseState> UnfinishedStates => new()
    {
        CaseState.SelectingItems,
        CaseState.VerifyingItems,
        CaseState.Questionnaire,
        CaseState.SupplementaryProofs,
        CaseState.IdentityVerification,
        CaseState.InformationRequested,
    };

    public static TheoryData<CaseState> TerminalStates => new()
    {
        CaseState.Completed,
        CaseState.Rejected,
        CaseState.Cancelled,
        CaseState.Expired,
        CaseState.Superseded,
    };

    [Fact]
    public void A_late_face_scan_callback_cannot_move_a_case_past_its_lifetime()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        harness.SelectItems(SecurityItems.Phone);
        harness.Wait(Lifetime);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new RecordFaceScan(true, "scan-late"), Actor.System), ErrorCodes.CaseExpired, before);
        DecisionAssert.Accepted(harness.Send(new Expire(), Actor.System), CaseState.Expired);
    }

    [Fact]
    public void An_applicant_command_one_second_before_72_hours_is_taken()
    {
        var harness = new CaseHarness();
        harness.Wait(Lifetime - TimeSpan.FromSeconds(1));

        DecisionAssert.Accepted(harness.Send(new SelectItems(SecurityItems.Authenticator)), CaseState.VerifyingItems);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3600)]
    public void An_applicant_command_from_72_hours_on_is_refused_as_expired(int secondsLate)
    {
        var harness = new CaseHarness();
        harness.Wait(Lifetime + TimeSpan.FromSeconds(secondsLate));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SelectItems(SecurityItems.Authenticator)), ErrorCodes.CaseExpired, before);
        DecisionAssert.Refused(harness.Send(new Cancel()), ErrorCodes.CaseExpired, before);
    }

    [Fact]
    public void An_expired_case_refuses_the_applicant_in_every_unfinished_step()
    {
        var harness = new CaseHarness().DriveTo(CaseState.SupplementaryProofs);
        harness.Wait(Lifetime);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ProvideProofs(Inputs.Proofs())), ErrorCodes.CaseExpired, before);
    }

    [Fact]
    public void Expire_before_the_lifetime_is_refused()
    {
        var harness = new CaseHarness();
        harness.Wait(Lifetime - TimeSpan.FromTicks(1));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Expire(), Actor.System), ErrorCodes.CaseNotExpired, before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86400)]
    public void Expire_at_or_after_the_lifetime_expires_the_case(int secondsLate)
    {
        var harness = new CaseHarness();
        harness.Wait(Lifetime + TimeSpan.FromSeconds(secondsLate));

        var decision = harness.Send(new Expire(), Actor.System);

        DecisionAssert.Accepted(decision, CaseState.Expired);
        Assert.Equal(CaseEventTypes.Expired, Assert.Single(decision.Events).Type);
        Assert.Equal(Actor.System, decision.Events[0].Actor);
    }

    [Theory]
    [MemberData(nameof(UnfinishedStates))]
    public void Every_unfinished_state_expires(CaseState state)
    {
        var harness = new CaseHarness().DriveTo(state);
        harness.Clock.SetUtcNow(harness.Case.ExpiresAt);

        DecisionAssert.Accepted(harness.Send(new Expire(), Actor.System), CaseState.Expired);
    }

    [Fact]
    public void A_case_ready_to_submit_expires()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        harness.SelectItems();
        harness.Accept(new RecordFaceScan(true, "scan"));
        Assert.Equal(CaseState.ReadyToSubmit, harness.Case.State);
        harness.Wait(Lifetime);

        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.CaseExpired, harness.Case);
        DecisionAssert.Accepted(harness.Send(new Expire(), Actor.System), CaseState.Expired);
    }

    [Fact]
    public void Only_the_system_expires_a_case()
    {
        var harness = new CaseHarness();
        harness.Wait(Lifetime);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Expire()), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new Expire(), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, before);
    }

    [Theory]
    [InlineData(CaseState.Submitted)]
    [InlineData(CaseState.UnderReview)]
    [InlineData(CaseState.Approved)]
    public void A_case_with_the_support_team_does_not_expire(CaseState state)
    {
        var harness = new CaseHarness().DriveTo(state);
        harness.Wait(Lifetime * 2);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Expire(), Actor.System), ErrorCodes.TransitionNotAllowed, before);
    }

    [Fact]
    public void Review_goes_on_past_the_lifetime()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);
        harness.Wait(Lifetime * 2);

        harness.Accept(new Claim(), CaseHarness.ReviewerA);
        harness.Accept(new Approve(), CaseHarness.ReviewerA);
        DecisionAssert.Accepted(harness.Send(new CompleteReset(), Actor.System), CaseState.Completed);
    }

    [Fact]
    public void An_information_request_restarts_the_lifetime_from_the_request()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        harness.Wait(TimeSpan.FromHours(100));
        harness.Accept(new RequestInformation(AmendableItems.IdentityDocument, "document.unreadable"), CaseHarness.ReviewerA);
        var requestedAt = harness.Now;

        harness.Clock.SetUtcNow(requestedAt + Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(ErrorCodes.CaseNotExpired, harness.Send(new Expire(), Actor.System).Error?.Code);
        harness.Accept(new SubmitDocument(Inputs.Document()));

        harness.Clock.SetUtcNow(requestedAt + Lifetime);
        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.CaseExpired, harness.Case);
        DecisionAssert.Accepted(harness.Send(new Expire(), Actor.System), CaseState.Expired);
    }

    [Fact]
    public void The_lifetime_is_an_option()
    {
        var options = TestSecrets.Options();
        options.Lifetimes.Case = TimeSpan.FromHours(1);
        var harness = new CaseHarness(options: options);
        harness.Wait(TimeSpan.FromHours(1));

        Assert.Equal(TestClock.Start + TimeSpan.FromHours(1), harness.Case.ExpiresAt);
        DecisionAssert.Accepted(harness.Send(new Expire(), Actor.System), CaseState.Expired);
    }

    [Theory]
    [MemberData(nameof(UnfinishedStates))]
    [InlineData(CaseState.Submitted)]
    [InlineData(CaseState.UnderReview)]
    public void The_applicant_can_cancel_before_a_decision(CaseState state)
    {
        var harness = new CaseHarness().DriveTo(state);

        var decision = harness.Send(new Cancel());

        DecisionAssert.Accepted(decision, CaseState.Cancelled);
        Assert.Equal(CaseEventTypes.Cancelled, Assert.Single(decision.Events).Type);
    }

    [Fact]
    public void Only_the_applicant_cancels()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Cancel(), CaseHarness.Stranger), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new Cancel(), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new Cancel(), Actor.System), ErrorCodes.ActorNotAllowed, before);
    }

    [Theory]
    [MemberData(nameof(TerminalStates))]
    public void A_terminal_case_accepts_no_command_from_anyone(CaseState state)
    {
        var harness = new CaseHarness().DriveTo(state);
        Assert.True(harness.Case.IsTerminal);
        Assert.Empty(CaseWorkflow.TriggersOf(state));
        var before = harness.Case;

        foreach (var (command, _) in SampleCommands.For(before, harness.Now))
        {
            foreach (var actor in SampleCommands.Actors(before))
            {
                DecisionAssert.Refused(harness.Decider.Decide(before, command, actor, harness.Now, TestSecrets.AuthenticatorSecret), ErrorCodes.TransitionNotAllowed, before);
            }
        }
    }
}
