using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>
/// The Advanced KYC shortcut: a face scan instead of codes after selecting the items, whatever was selected (with every
/// item selected, in the steps that follow), closed after five failures, each session used once.
/// </summary>
public sealed class FaceScanRulesTests
{
    // A new session each time: a session counts once per case.
    private static RecordFaceScan Passed => Scans.Result(true, "vendor-scan-1");

    private static RecordFaceScan Failed => Scans.Result(false, "vendor-scan-0");

    private static CaseHarness Verifying(KycLevel kyc, SecurityItems lost = SecurityItems.Authenticator)
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(kyc).Build());
        harness.SelectItems(lost);
        return harness;
    }

    [Theory]
    [InlineData(KycLevel.None)]
    [InlineData(KycLevel.Basic)]
    public void The_face_scan_is_not_offered_below_advanced_kyc(KycLevel kyc)
    {
        var harness = Verifying(kyc);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Passed), ErrorCodes.FaceScanNotOffered, before);
        DecisionAssert.Refused(harness.Send(Passed, Actor.System), ErrorCodes.FaceScanNotOffered, before);
    }

    [Fact]
    public void A_passed_scan_verifies_every_remaining_item_and_the_seed_policy_asks_for_nothing_more()
    {
        var harness = Verifying(KycLevel.Advanced);

        var decision = harness.Send(Passed);

        DecisionAssert.Accepted(decision, CaseState.ReadyToSubmit);
        Assert.Equal(VerificationMethod.FaceScan, decision.Case.VerificationMethod);
        Assert.Equal(decision.Case.RemainingItems, decision.Case.VerifiedItems);
        Assert.Equal(RequiredSteps.None, decision.Case.RequiredSteps);
        Assert.Equal("vendor-scan-1", decision.Case.FaceScanReference);
        Assert.Equal([CaseEventTypes.FaceScanPassed, CaseEventTypes.VerificationCompleted], decision.Events.Select(e => e.Type));
        DecisionAssert.Accepted(harness.Send(new Submit()), CaseState.Submitted);
    }

    [Fact]
    public void The_identity_vendor_reports_the_scan_as_the_system()
    {
        var harness = Verifying(KycLevel.Advanced);

        var decision = harness.Send(Passed, Actor.System);

        DecisionAssert.Accepted(decision, CaseState.ReadyToSubmit);
        Assert.All(decision.Events, e => Assert.Equal(Actor.System, e.Actor));
    }

    [Fact]
    public void Reviewers_and_strangers_cannot_record_a_scan()
    {
        var harness = Verifying(KycLevel.Advanced);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Passed, CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(Passed, CaseHarness.Stranger), ErrorCodes.ActorNotAllowed, before);
    }

    [Fact]
    public void A_scan_after_some_codes_still_completes_verification()
    {
        var harness = Verifying(KycLevel.Advanced);
        harness.Accept(new VerifyCode(VerificationTarget.BoundEmail, harness.RequestCode(VerificationTarget.BoundEmail)));

        DecisionAssert.Accepted(harness.Send(Passed), CaseState.ReadyToSubmit);
    }

    [Fact]
    public void A_failed_scan_is_counted_and_the_case_stays()
    {
        var harness = Verifying(KycLevel.Advanced);
        var before = harness.Case;

        var decision = harness.Send(Failed);

        DecisionAssert.CountedFailure(decision, ErrorCodes.FaceScanFailed, before);
        Assert.Equal(CaseState.VerifyingItems, decision.Case.State);
        Assert.Equal(1, decision.Case.FaceScanFailures);
        Assert.Equal(CaseEventTypes.FaceScanFailed, Assert.Single(decision.Events).Type);
    }

    [Fact]
    public void A_scan_passed_after_four_failures_is_accepted()
    {
        var harness = Verifying(KycLevel.Advanced);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            harness.Send(Failed);
        }

        DecisionAssert.Accepted(harness.Send(Passed), CaseState.ReadyToSubmit);
    }

    [Fact]
    public void Five_failed_scans_close_the_shortcut_and_the_case_falls_back_to_codes()
    {
        var harness = Verifying(KycLevel.Advanced);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(ErrorCodes.FaceScanFailed, harness.Send(Failed).Error?.Code);
        }

        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(Passed), ErrorCodes.FaceScanClosed, before);
        DecisionAssert.Refused(harness.Send(Passed, Actor.System), ErrorCodes.FaceScanClosed, before);

        harness.VerifyRemaining();
        Assert.Equal(CaseState.Questionnaire, harness.Case.State);
        Assert.Equal(VerificationMethod.Codes, harness.Case.VerificationMethod);
        Assert.Equal(RequiredSteps.All, harness.Case.RequiredSteps);
    }

    [Fact]
    public void Failed_scans_never_move_the_case_on_by_themselves()
    {
        var harness = Verifying(KycLevel.Advanced);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            harness.Send(Failed);
        }

        Assert.Equal(CaseState.VerifyingItems, harness.Case.State);
        Assert.Equal(VerificationMethod.None, harness.Case.VerificationMethod);
        Assert.Equal(SecurityItems.None, harness.Case.VerifiedItems);
    }

    [Fact]
    public void A_session_counts_once_per_case_whether_it_failed_or_passed()
    {
        var harness = Verifying(KycLevel.Advanced);
        var failed = Scans.Result(false, "vendor-scan-0");
        harness.Send(failed);
        Assert.Equal([failed.Session], harness.Case.FaceScanSessions);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(failed with { Passed = true, VendorReference = "vendor-scan-1" }), ErrorCodes.FaceScanSessionUsed, before);
        DecisionAssert.Refused(harness.Send(failed, Actor.System), ErrorCodes.FaceScanSessionUsed, before);
        Assert.Equal(1, harness.Case.FaceScanFailures);

        var passed = Passed;
        DecisionAssert.Accepted(harness.Send(passed), CaseState.ReadyToSubmit);
        Assert.Equal([failed.Session, passed.Session], harness.Case.FaceScanSessions);
        Assert.Equal("vendor-scan-1", harness.Case.FaceScanReference);
    }

    [Fact]
    public void The_decider_answers_a_used_session_before_the_vendor_is_asked()
    {
        var harness = Verifying(KycLevel.Advanced);
        var failed = Failed;
        harness.Send(failed);

        Assert.Equal(ErrorCodes.FaceScanSessionUsed, harness.Decider.CheckBeforeVendor(harness.Case, RecordFaceScan.Before(failed.Session), harness.Applicant, harness.Now)?.Code);
        Assert.Null(harness.Decider.CheckBeforeVendor(harness.Case, RecordFaceScan.Before("a-new-session"), harness.Applicant, harness.Now));
        Assert.Equal(ErrorCodes.RequestInvalid, harness.Decider.CheckBeforeVendor(harness.Case, RecordFaceScan.Before(" "), harness.Applicant, harness.Now)?.Code);

        var basic = Verifying(KycLevel.Basic);
        Assert.Equal(ErrorCodes.FaceScanNotOffered, basic.Decider.CheckBeforeVendor(basic.Case, RecordFaceScan.Before("a-new-session"), basic.Applicant, basic.Now)?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_scan_without_a_session_is_refused(string session)
    {
        var harness = Verifying(KycLevel.Advanced);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new RecordFaceScan(session, true, "vendor-scan-1")), ErrorCodes.RequestInvalid, before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ref\u0000")]
    public void A_scan_without_a_vendor_reference_is_refused(string reference)
    {
        var harness = Verifying(KycLevel.Advanced);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Scans.Result(true, reference)), ErrorCodes.RequestInvalid, before);
    }

    [Fact]
    public void The_scan_is_not_taken_before_the_items_are_selected()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Passed), ErrorCodes.TransitionNotAllowed, before);
    }

    public static TheoryData<CaseState> Steps => [CaseState.Questionnaire, CaseState.SupplementaryProofs, CaseState.IdentityVerification];

    /// <summary>An Advanced KYC account that selected every item, driven to one of the steps the policy requires.</summary>
    private static CaseHarness EverythingLostIn(CaseState step, KycLevel kyc = KycLevel.Advanced)
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(kyc).Build());
        harness.SelectItems(SecurityItems.All);
        if (step != CaseState.Questionnaire)
        {
            harness.AnswerQuestionnaire();
        }

        if (step == CaseState.IdentityVerification)
        {
            harness.ProvideProofs();
        }

        Assert.Equal(step, harness.Case.State);
        return harness;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void With_every_item_selected_an_advanced_kyc_account_may_still_pass_the_scan_in_the_steps_and_the_policy_decides_again(CaseState step)
    {
        var harness = EverythingLostIn(step);
        Assert.Contains(CaseAction.RecordFaceScan, harness.Decider.Available(harness.Case, harness.Applicant, harness.Now));

        var decision = harness.Send(Passed);

        DecisionAssert.Accepted(decision, CaseState.ReadyToSubmit);
        Assert.Equal((VerificationMethod.FaceScan, RequiredSteps.None, "vendor-scan-1"), (decision.Case.VerificationMethod, decision.Case.RequiredSteps, decision.Case.FaceScanReference));
        Assert.Equal([CaseEventTypes.FaceScanPassed, CaseEventTypes.VerificationCompleted], decision.Events.Select(e => e.Type));
        Assert.DoesNotContain(CaseAction.RecordFaceScan, harness.Decider.Available(harness.Case, harness.Applicant, harness.Now));
        DecisionAssert.Accepted(harness.Send(new Submit()), CaseState.Submitted);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_failed_scan_in_the_steps_is_counted_and_the_case_stays_in_its_step(CaseState step)
    {
        var harness = EverythingLostIn(step);
        var before = harness.Case;

        var decision = harness.Send(Failed, Actor.System);

        DecisionAssert.CountedFailure(decision, ErrorCodes.FaceScanFailed, before);
        Assert.Equal((step, 1, VerificationMethod.NothingRemained), (decision.Case.State, decision.Case.FaceScanFailures, decision.Case.VerificationMethod));
    }

    [Fact]
    public void The_strict_policy_still_asks_for_the_steps_not_yet_done_after_a_scan_in_the_steps()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build(), TestSecrets.StrictOptions());
        harness.SelectItems(SecurityItems.All);
        harness.AnswerQuestionnaire();

        DecisionAssert.Accepted(harness.Send(Passed), CaseState.SupplementaryProofs);
        Assert.Equal(VerificationMethod.FaceScan, harness.Case.VerificationMethod);
    }

    [Fact]
    public void In_the_steps_the_scan_is_only_for_an_advanced_kyc_case_that_verified_nothing()
    {
        var basic = EverythingLostIn(CaseState.Questionnaire, KycLevel.Basic);
        DecisionAssert.Refused(basic.Send(Passed), ErrorCodes.FaceScanNotOffered, basic.Case);

        var verified = Verifying(KycLevel.Advanced);
        verified.VerifyRemaining();
        Assert.Equal(CaseState.Questionnaire, verified.Case.State);
        DecisionAssert.Refused(verified.Send(Passed), ErrorCodes.VerificationAlreadyDone, verified.Case);
        Assert.DoesNotContain(CaseAction.RecordFaceScan, verified.Decider.Available(verified.Case, verified.Applicant, verified.Now));
    }

    [Fact]
    public void Five_failed_scans_in_the_steps_close_the_shortcut_and_the_steps_go_on()
    {
        var harness = EverythingLostIn(CaseState.Questionnaire);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            harness.Send(Failed);
        }

        DecisionAssert.Refused(harness.Send(Passed), ErrorCodes.FaceScanClosed, harness.Case);
        harness.AnswerQuestionnaire();
        Assert.Equal(CaseState.SupplementaryProofs, harness.Case.State);
    }
}
