using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>Review by the support team, information requests and amendments, approval and completion.</summary>
public sealed class ReviewTests
{
    [Fact]
    public void A_reviewer_claims_a_submitted_case()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);

        var decision = harness.Send(new Claim(), CaseHarness.ReviewerB);

        DecisionAssert.Accepted(decision, CaseState.UnderReview);
        Assert.Equal("reviewer-b", decision.Case.ReviewerId);
        var claimed = Assert.Single(decision.Events);
        Assert.Equal(CaseEventTypes.Claimed, claimed.Type);
        Assert.Equal(CaseHarness.ReviewerB, claimed.Actor);
    }

    [Fact]
    public void Only_a_reviewer_claims()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Claim()), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new Claim(), Actor.System), ErrorCodes.ActorNotAllowed, before);
    }

    [Fact]
    public void A_claimed_case_cannot_be_claimed_again_while_the_claim_holds()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        harness.Wait(harness.Options.Lifetimes.ReviewClaim - TimeSpan.FromTicks(1));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Claim(), CaseHarness.ReviewerB), ErrorCodes.ReviewClaimHeld, before);
        DecisionAssert.Refused(harness.Send(new Claim(), CaseHarness.ReviewerA), ErrorCodes.ReviewClaimHeld, before);
        DecisionAssert.Accepted(harness.Send(new Approve(), CaseHarness.ReviewerA), CaseState.Approved);
    }

    [Fact]
    public void A_claim_records_its_time_and_lapses_after_the_claim_timeout_when_any_reviewer_may_claim_again()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        Assert.Equal(harness.Now, harness.Case.ClaimedAt);
        harness.Wait(TimeSpan.FromHours(4));

        var decision = harness.Send(new Claim(), CaseHarness.ReviewerB);

        DecisionAssert.Accepted(decision, CaseState.UnderReview);
        Assert.Equal(("reviewer-b", harness.Now), (decision.Case.ReviewerId, decision.Case.ClaimedAt));
        var reclaimed = Assert.Single(decision.Events);
        Assert.Equal((CaseEventTypes.Reclaimed, "reviewer-a", CaseHarness.ReviewerB), (reclaimed.Type, reclaimed.Detail, reclaimed.Actor));
        DecisionAssert.Refused(harness.Send(new Approve(), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, harness.Case);
        DecisionAssert.Accepted(harness.Send(new Approve(), CaseHarness.ReviewerB), CaseState.Approved);
    }

    [Theory]
    [MemberData(nameof(ReviewerDecisions))]
    public void A_reviewer_whose_claim_lapsed_decides_nothing_until_claiming_again(string decision)
    {
        CaseCommand command = decision switch
        {
            nameof(Approve) => new Approve(),
            nameof(Reject) => new Reject("identity.not_proven"),
            _ => new RequestInformation(AmendableItems.IdentityDocument, "document.unreadable"),
        };
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        harness.Wait(harness.Options.Lifetimes.ReviewClaim);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(command, CaseHarness.ReviewerA), ErrorCodes.ReviewClaimLapsed, before);

        harness.Accept(new Claim(), CaseHarness.ReviewerA);
        Assert.True(harness.Send(command, CaseHarness.ReviewerA).Succeeded);
    }

    [Fact]
    public void A_claim_without_a_recorded_time_counts_as_lapsed()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        var unknown = harness.Case with { ClaimedAt = null };

        DecisionAssert.Refused(harness.Decider.Decide(unknown, new Approve(), CaseHarness.ReviewerA, harness.Now), ErrorCodes.ReviewClaimLapsed, unknown);
        DecisionAssert.Accepted(harness.Decider.Decide(unknown, new Claim(), CaseHarness.ReviewerB, harness.Now), CaseState.UnderReview);
    }

    [Fact]
    public void The_claim_timeout_is_an_option_and_a_resubmission_clears_the_claim()
    {
        var options = TestSecrets.Options();
        options.Lifetimes.ReviewClaim = TimeSpan.FromMinutes(30);
        var harness = new CaseHarness(options: options).DriveTo(CaseState.UnderReview);
        harness.Wait(TimeSpan.FromMinutes(30));
        harness.Accept(new Claim(), CaseHarness.ReviewerB);
        harness.Accept(new RequestInformation(AmendableItems.IdentityDocument, "document.unreadable"), CaseHarness.ReviewerB);
        harness.Accept(new SubmitDocument(Inputs.Document()));

        harness.Accept(new Submit());

        Assert.Equal((null, null), (harness.Case.ReviewerId, harness.Case.ClaimedAt));
    }

    [Fact]
    public void An_unclaimed_case_cannot_be_decided()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Approve(), CaseHarness.ReviewerA), ErrorCodes.TransitionNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new Reject("identity.not_proven"), CaseHarness.ReviewerA), ErrorCodes.TransitionNotAllowed, before);
    }

    public static TheoryData<string> ReviewerDecisions => [nameof(Approve), nameof(Reject), nameof(RequestInformation)];

    [Theory]
    [MemberData(nameof(ReviewerDecisions))]
    public void Only_the_claiming_reviewer_decides(string decision)
    {
        CaseCommand command = decision switch
        {
            nameof(Approve) => new Approve(),
            nameof(Reject) => new Reject("identity.not_proven"),
            _ => new RequestInformation(AmendableItems.IdentityDocument, "document.unreadable"),
        };
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(command, CaseHarness.ReviewerB), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(command), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(command, Actor.System), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(command, Actor.Applicant("reviewer-a")), ErrorCodes.ActorNotAllowed, before);
        Assert.True(harness.Send(command, CaseHarness.ReviewerA).Succeeded);
    }

    [Fact]
    public void Approval_records_the_decision_time()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        harness.Wait(TimeSpan.FromHours(3));

        var decision = harness.Send(new Approve(), CaseHarness.ReviewerA);

        DecisionAssert.Accepted(decision, CaseState.Approved);
        Assert.Equal(harness.Now, decision.Case.DecidedAt);
        Assert.Equal(CaseEventTypes.Approved, Assert.Single(decision.Events).Type);
    }

    [Fact]
    public void Rejection_records_the_reason_code_and_time()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);

        var decision = harness.Send(new Reject("identity.not_proven"), CaseHarness.ReviewerA);

        DecisionAssert.Accepted(decision, CaseState.Rejected);
        Assert.Equal("identity.not_proven", decision.Case.ReasonCode);
        Assert.Equal(harness.Now, decision.Case.DecidedAt);
        Assert.Equal("identity.not_proven", Assert.Single(decision.Events).Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Not Proven")]
    [InlineData("identity not proven")]
    [InlineData("IDENTITY")]
    public void A_malformed_reason_code_is_refused(string reason)
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Reject(reason), CaseHarness.ReviewerA), ErrorCodes.ReviewReasonInvalid, before);
        DecisionAssert.Refused(harness.Send(new RequestInformation(AmendableItems.Questionnaire, reason), CaseHarness.ReviewerA), ErrorCodes.ReviewReasonInvalid, before);
    }

    [Fact]
    public void A_reason_code_of_64_characters_is_accepted_and_65_refused()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Reject(new string('r', 65)), CaseHarness.ReviewerA), ErrorCodes.ReviewReasonInvalid, before);
        DecisionAssert.Accepted(harness.Send(new Reject(new string('r', 64)), CaseHarness.ReviewerA), CaseState.Rejected);
    }

    [Theory]
    [InlineData(AmendableItems.None)]
    [InlineData((AmendableItems)16)]
    [InlineData(AmendableItems.Questionnaire | (AmendableItems)32)]
    public void An_information_request_must_name_known_items(AmendableItems items)
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new RequestInformation(items, "more.info"), CaseHarness.ReviewerA), ErrorCodes.ReviewAmendmentsRequired, before);
    }

    [Fact]
    public void An_information_request_names_the_items_and_gives_a_fresh_lifetime()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Submitted);
        harness.Wait(TimeSpan.FromHours(60));
        harness.Accept(new Claim(), CaseHarness.ReviewerA);
        var items = AmendableItems.Questionnaire | AmendableItems.VerificationVideo;

        var decision = harness.Send(new RequestInformation(items, "more.info"), CaseHarness.ReviewerA);

        DecisionAssert.Accepted(decision, CaseState.InformationRequested);
        Assert.Equal(items, decision.Case.RequestedAmendments);
        Assert.Equal(AmendableItems.None, decision.Case.Amended);
        Assert.Equal("more.info", decision.Case.ReasonCode);
        Assert.Equal(harness.Now + TimeSpan.FromHours(72), decision.Case.ExpiresAt);
    }

    [Fact]
    public void Only_the_named_items_can_be_amended()
    {
        var harness = new CaseHarness().DriveTo(CaseState.InformationRequested);
        Assert.Equal(AmendableItems.IdentityDocument, harness.Case.RequestedAmendments);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new AnswerQuestionnaire(Inputs.Answers, Inputs.Score)), ErrorCodes.AmendmentNotRequested, before);
        DecisionAssert.Refused(harness.Send(new ProvideProofs(Inputs.Proofs())), ErrorCodes.AmendmentNotRequested, before);
        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now)))), ErrorCodes.AmendmentNotRequested, before);
        DecisionAssert.Refused(harness.Send(new SetNewContact(Inputs.NewPhone)), ErrorCodes.TransitionNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new AcceptTerms("2025-02")), ErrorCodes.TransitionNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.NewContact)), ErrorCodes.TransitionNotAllowed, before);

        var amended = harness.Send(new SubmitDocument(Inputs.Document(Inputs.OtherPassport)));
        DecisionAssert.Accepted(amended, CaseState.InformationRequested);
        Assert.Equal(AmendableItems.IdentityDocument, amended.Case.Amended);
        Assert.Equal(Inputs.OtherPassport, amended.Case.Document!.Reference);
    }

    [Fact]
    public void Amendments_follow_the_same_rules_as_the_first_submission()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Basic).Build()).DriveTo(CaseState.UnderReview);
        harness.Accept(new RequestInformation(AmendableItems.IdentityDocument | AmendableItems.SupplementaryProofs, "more.info"), CaseHarness.ReviewerA);
        DecisionAssert.CountedMismatch(harness, new SubmitDocument(Inputs.Document(Inputs.OtherPassport)), ErrorCodes.DocumentNotKycDocument);
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new ProvideProofs(Inputs.Proofs().Take(3).ToList())), ErrorCodes.ProofsMissingRequired, before);
    }

    [Fact]
    public void Resubmission_needs_every_named_item_amended_and_a_new_claim()
    {
        var harness = new CaseHarness().DriveTo(CaseState.UnderReview);
        harness.Accept(new RequestInformation(AmendableItems.Questionnaire | AmendableItems.SupplementaryProofs, "more.info"), CaseHarness.ReviewerA);

        harness.Accept(new AnswerQuestionnaire(Inputs.Answers, Inputs.Score));
        Assert.Equal(CaseState.InformationRequested, harness.Case.State);
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.SubmissionIncomplete, before);

        harness.Accept(new ProvideProofs(Inputs.Proofs()));
        var resubmitted = harness.Send(new Submit());

        DecisionAssert.Accepted(resubmitted, CaseState.Submitted);
        Assert.Null(resubmitted.Case.ReviewerId);
        Assert.Equal(AmendableItems.None, resubmitted.Case.RequestedAmendments);
        Assert.Equal(AmendableItems.None, resubmitted.Case.Amended);
        Assert.Equal(harness.Now, resubmitted.Case.SubmittedAt);

        var stale = harness.Case;
        DecisionAssert.Refused(harness.Send(new Approve(), CaseHarness.ReviewerA), ErrorCodes.TransitionNotAllowed, stale);
        harness.Accept(new Claim(), CaseHarness.ReviewerB);
        DecisionAssert.Refused(harness.Send(new Approve(), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, harness.Case);
        DecisionAssert.Accepted(harness.Send(new Approve(), CaseHarness.ReviewerB), CaseState.Approved);
    }

    [Fact]
    public void An_item_may_be_amended_more_than_once_before_resubmitting()
    {
        var harness = new CaseHarness().DriveTo(CaseState.InformationRequested);
        harness.Accept(new SubmitDocument(Inputs.Document(Inputs.OtherPassport)));
        harness.Accept(new SubmitDocument(Inputs.Document()));

        DecisionAssert.Accepted(harness.Send(new Submit()), CaseState.Submitted);
        Assert.Equal(AccountBuilder.KycPassport, harness.Case.Document!.Reference);
    }

    [Fact]
    public void Completing_an_approved_reset_records_the_withdrawal_protection_from_completion()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Approved);
        harness.Wait(TimeSpan.FromMinutes(3));

        var decision = harness.Send(new CompleteReset(), Actor.System);

        DecisionAssert.Accepted(decision, CaseState.Completed);
        Assert.Equal(harness.Now + TimeSpan.FromHours(24), decision.Case.WithdrawalsProtectedUntil);
        Assert.Equal(CaseEventTypes.Completed, Assert.Single(decision.Events).Type);
    }

    [Fact]
    public void The_withdrawal_protection_is_an_option()
    {
        var options = TestSecrets.Options();
        options.Lifetimes.WithdrawalProtection = TimeSpan.FromHours(48);
        var harness = new CaseHarness(options: options).DriveTo(CaseState.Completed);

        Assert.Equal(harness.Now + TimeSpan.FromHours(48), harness.Case.WithdrawalsProtectedUntil);
    }

    [Fact]
    public void Only_the_system_completes_and_only_after_approval()
    {
        var approved = new CaseHarness().DriveTo(CaseState.Approved);
        var before = approved.Case;
        DecisionAssert.Refused(approved.Send(new CompleteReset(), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(approved.Send(new CompleteReset()), ErrorCodes.ActorNotAllowed, before);

        var underReview = new CaseHarness().DriveTo(CaseState.UnderReview);
        DecisionAssert.Refused(underReview.Send(new CompleteReset(), Actor.System), ErrorCodes.TransitionNotAllowed, underReview.Case);
    }

    [Fact]
    public void An_approved_case_can_no_longer_be_cancelled()
    {
        var harness = new CaseHarness().DriveTo(CaseState.Approved);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new Cancel()), ErrorCodes.TransitionNotAllowed, before);
    }

    [Theory]
    [InlineData(EntryPoint.ForgotPassword, true)]
    [InlineData(EntryPoint.LoggedIn, false)]
    [InlineData(EntryPoint.LoggedOutAfterPassword, false)]
    public void Forgot_password_is_offered_next_only_after_a_completed_case_that_came_from_it(EntryPoint entryPoint, bool offered)
    {
        var harness = new CaseHarness(entryPoint: entryPoint).DriveTo(CaseState.Approved);
        Assert.False(harness.Case.OfferForgotPasswordNext);

        harness.Accept(new CompleteReset(), Actor.System);

        Assert.Equal(offered, harness.Case.OfferForgotPasswordNext);
    }

    [Theory]
    [InlineData(CaseState.Rejected)]
    [InlineData(CaseState.Cancelled)]
    [InlineData(CaseState.Expired)]
    [InlineData(CaseState.Submitted)]
    public void Forgot_password_is_not_offered_for_a_case_that_did_not_complete(CaseState state)
    {
        var harness = new CaseHarness(entryPoint: EntryPoint.ForgotPassword).DriveTo(state);

        Assert.False(harness.Case.OfferForgotPasswordNext);
    }
}
