using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;

namespace SecurityReset.Tests.Workflow;

/// <summary>The 72-hour case lifetime, the 14-day review deadline, expiry, cancellation and the terminal states.</summary>
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

        DecisionAssert.Refused(harness.Send(Scans.Result(true, "scan-late"), Actor.System), ErrorCodes.CaseExpired, before);
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
        harness.Accept(Scans.Result(true, "scan"));
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
    public void A_case_with_the_support_team_does_not_expire_at_the_end_of_its_lifetime(CaseState state)
    {
        var harness = new CaseHarness().DriveTo(state);
        harness.Wait(Lifetime * 2);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Expire(), Actor.System), ErrorCodes.CaseNotExpired, before);
    }

    [Theory]
    [InlineData(CaseState.Submitted)]
    [InlineData(CaseState.UnderReview)]
    public void A_case_left_with_the_support_team_expires_at_its_review_deadline_and_the_account_is_told(CaseState state)
    {
        var harness = new CaseHarness().DriveTo(state);
        var submittedAt = harness.Case.SubmittedAt!.Value;
        Assert.Equal(submittedAt + TimeSpan.FromDays(14), harness.Case.ExpiresAt);

        harness.Clock.SetUtcNow(harness.Case.ExpiresAt - TimeSpan.FromTicks(1));
        DecisionAssert.Refused(harness.Send(new Expire(), Actor.System), ErrorCodes.CaseNotExpired, harness.Case);

        harness.Clock.SetUtcNow(harness.Case.ExpiresAt);
        var decision = harness.Send(new Expire(), Actor.System);

        DecisionAssert.Accepted(decision, CaseState.Expired);
        var expired = Assert.Single(decision.Events);
        Assert.Equal((CaseEventTypes.Expired, "ReviewDeadline", Actor.System), (expired.Type, expired.Detail, expired.Actor));
        Assert.Equal(SideEffects.NotifyReviewExpired, decision.Asks);
    }

    [Fact]
    public void An_unfinished_case_expires_without_a_notice()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Questionnaire);
        harness.Clock.SetUtcNow(harness.Case.ExpiresAt);

        var decision = harness.Send(new Expire(), Actor.System);

        DecisionAssert.Accepted(decision, CaseState.Expired);
        Assert.Null(Assert.Single(decision.Events).Detail);
        Assert.Equal(SideEffects.None, decision.Asks);
    }

    [Fact]
    public void Past_its_review_deadline_a_case_can_no_longer_be_claimed_decided_or_cancelled()
    {
        var submitted = new CaseHarness().DriveTo(CaseState.Submitted);
        submitted.Clock.SetUtcNow(submitted.Case.ExpiresAt);
        DecisionAssert.Refused(submitted.Send(new Claim(), CaseHarness.ReviewerA), ErrorCodes.CaseExpired, submitted.Case);
        DecisionAssert.Refused(submitted.Send(new Cancel()), ErrorCodes.CaseExpired, submitted.Case);

        var claimed = new CaseHarness().DriveTo(CaseState.UnderReview);
        claimed.Clock.SetUtcNow(claimed.Case.ExpiresAt);
        DecisionAssert.Refused(claimed.Send(new Approve(), CaseHarness.ReviewerA), ErrorCodes.CaseExpired, claimed.Case);
        DecisionAssert.Refused(claimed.Send(new Reject("identity.not_proven"), CaseHarness.ReviewerA), ErrorCodes.CaseExpired, claimed.Case);
        DecisionAssert.Refused(claimed.Send(new RequestInformation(AmendableItems.VerificationVideo, "video.unclear"), CaseHarness.ReviewerA), ErrorCodes.CaseExpired, claimed.Case);
    }

    [Fact]
    public void The_applicant_amends_within_a_fresh_lifetime_and_each_resubmission_starts_a_fresh_review_deadline()
    {
        var harness = new CaseHarness().DriveTo(CaseState.InformationRequested);
        Assert.Equal(harness.Now + Lifetime, harness.Case.ExpiresAt);
        harness.Wait(TimeSpan.FromHours(30));
        harness.Accept(new SubmitDocument(Inputs.Document()));

        harness.Accept(new Submit());

        Assert.Equal(harness.Now + TimeSpan.FromDays(14), harness.Case.ExpiresAt);
        Assert.Equal(harness.Now, harness.Case.SubmittedAt);
    }

    [Fact]
    public void The_review_deadline_is_an_option()
    {
        var options = TestSecrets.Options();
        options.Lifetimes.ReviewDeadline = TimeSpan.FromDays(2);
        var harness = new CaseHarness(options: options).DriveTo(CaseState.Submitted);

        Assert.Equal(harness.Now + TimeSpan.FromDays(2), harness.Case.ExpiresAt);
        harness.Wait(TimeSpan.FromDays(2));
        DecisionAssert.Accepted(harness.Send(new Expire(), Actor.System), CaseState.Expired);
    }

    [Fact]
    public void An_approved_case_never_expires()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Approved);
        harness.Wait(TimeSpan.FromDays(365));
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
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);
        harness.Wait(TimeSpan.FromHours(100));
        harness.Accept(new Claim(), CaseHarness.ReviewerA);
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
