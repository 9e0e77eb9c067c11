using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

public sealed class SelectItemsTests
{
    [Fact]
    public void Open_starts_at_version_1_selecting_items_with_the_lifetime_and_one_event()
    {
        var harness = new CaseHarness(entryPoint: EntryPoint.ForgotPassword);

        var opened = harness.Opened;
        Assert.True(opened.Succeeded);
        Assert.Equal(1, opened.Case.Version);
        Assert.Equal(CaseState.SelectingItems, opened.Case.State);
        Assert.Equal(TestClock.Start, opened.Case.OpenedAt);
        Assert.Equal(TestClock.Start + TimeSpan.FromHours(72), opened.Case.ExpiresAt);
        Assert.Equal(EntryPoint.ForgotPassword, opened.Case.EntryPoint);
        var opening = Assert.Single(opened.Events);
        Assert.Equal(CaseEventTypes.Opened, opening.Type);
        Assert.Equal(1, opening.Version);
        Assert.Equal(TestClock.Start, opening.OccurredAt);
        Assert.Equal(Actor.Applicant(AccountBuilder.DefaultAccountId), opening.Actor);
    }

    [Fact]
    public void Empty_selection_is_refused()
    {
        var harness = new CaseHarness();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SelectItems(SecurityItems.None)), ErrorCodes.ItemsEmpty, before);
    }

    [Theory]
    [InlineData(SecurityItems.Phone)]
    [InlineData(SecurityItems.Email | SecurityItems.Phone)]
    [InlineData(SecurityItems.All)]
    public void An_item_that_is_not_bound_cannot_be_selected(SecurityItems items)
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithoutPhone().Build());
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SelectItems(items)), ErrorCodes.ItemsNotBound, before);
    }

    [Fact]
    public void Bits_outside_the_known_items_are_refused()
    {
        var harness = new CaseHarness();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SelectItems((SecurityItems)8)), ErrorCodes.ItemsNotBound, before);
    }

    [Theory]
    [InlineData(SecurityItems.Email, SecurityItems.Phone | SecurityItems.Authenticator)]
    [InlineData(SecurityItems.Phone, SecurityItems.Email | SecurityItems.Authenticator)]
    [InlineData(SecurityItems.Authenticator, SecurityItems.Email | SecurityItems.Phone)]
    [InlineData(SecurityItems.Email | SecurityItems.Authenticator, SecurityItems.Phone)]
    public void One_or_several_items_can_be_selected_and_the_others_remain_to_verify(SecurityItems selected, SecurityItems remaining)
    {
        var harness = new CaseHarness();

        var decision = harness.SelectItems(selected);

        DecisionAssert.Accepted(decision, CaseState.VerifyingItems);
        Assert.Equal(selected, decision.Case.SelectedItems);
        Assert.Equal(remaining, decision.Case.RemainingItems);
        var selectedEvent = Assert.Single(decision.Events);
        Assert.Equal(CaseEventTypes.ItemsSelected, selectedEvent.Type);
    }

    [Fact]
    public void Selecting_every_bound_item_leaves_nothing_to_verify_and_goes_straight_to_the_first_required_step()
    {
        var harness = new CaseHarness();

        var decision = harness.SelectItems(SecurityItems.All);

        DecisionAssert.Accepted(decision, CaseState.Questionnaire);
        Assert.Equal(VerificationMethod.NothingRemained, decision.Case.VerificationMethod);
        Assert.Equal(RequiredSteps.All, decision.Case.RequiredSteps);
        Assert.Equal(
            [CaseEventTypes.ItemsSelected, CaseEventTypes.VerificationCompleted],
            decision.Events.Select(e => e.Type));
    }

    [Fact]
    public void Nothing_remaining_always_requires_identity_verification_even_when_the_policy_requires_no_step()
    {
        var options = TestSecrets.Options();
        options.StepPolicy = new FixedPolicy(RequiredSteps.None);
        var harness = new CaseHarness(options: options);

        DecisionAssert.Accepted(harness.SelectItems(SecurityItems.All), CaseState.IdentityVerification);
        Assert.Equal(RequiredSteps.IdentityVerification, harness.Case.RequiredSteps);
    }

    [Theory]
    [InlineData(RequiredSteps.None, CaseState.IdentityVerification)]
    [InlineData(RequiredSteps.SupplementaryProofs, CaseState.SupplementaryProofs)]
    [InlineData(RequiredSteps.IdentityVerification, CaseState.IdentityVerification)]
    [InlineData(RequiredSteps.SupplementaryProofs | RequiredSteps.IdentityVerification, CaseState.SupplementaryProofs)]
    [InlineData(RequiredSteps.Questionnaire | RequiredSteps.IdentityVerification, CaseState.Questionnaire)]
    public void Nothing_remaining_goes_to_the_first_step_the_policy_requires(RequiredSteps steps, CaseState first)
    {
        var options = TestSecrets.Options();
        options.StepPolicy = new FixedPolicy(steps);
        var harness = new CaseHarness(options: options);

        DecisionAssert.Accepted(harness.SelectItems(SecurityItems.All), first);
        Assert.Equal(steps | RequiredSteps.IdentityVerification, harness.Case.RequiredSteps);
    }

    [Fact]
    public void The_policy_sees_the_items_lost_and_remaining_the_kyc_level_and_the_method()
    {
        var policy = new RecordingPolicy();
        var options = TestSecrets.Options();
        options.StepPolicy = policy;
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Basic).Build(), options);

        harness.SelectItems(SecurityItems.Email | SecurityItems.Phone);
        harness.VerifyRemaining();

        var context = Assert.Single(policy.Seen);
        Assert.Equal(new StepPolicyContext(SecurityItems.Email | SecurityItems.Phone, SecurityItems.Authenticator, KycLevel.Basic, VerificationMethod.Codes), context);
    }

    [Fact]
    public void Undefined_bits_a_policy_returns_are_ignored()
    {
        var options = TestSecrets.Options();
        options.StepPolicy = new FixedPolicy((RequiredSteps)0xF0);
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build(), options);
        harness.SelectItems(SecurityItems.Email);

        DecisionAssert.Accepted(harness.Send(Scans.Result(true, "scan-1")), CaseState.ReadyToSubmit);
        Assert.Equal(RequiredSteps.None, harness.Case.RequiredSteps);
    }

    [Fact]
    public void Nothing_remaining_with_advanced_kyc_also_goes_straight_to_the_first_required_step_where_the_face_scan_is_offered()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());

        var decision = harness.SelectItems(SecurityItems.All);

        DecisionAssert.Accepted(decision, CaseState.Questionnaire);
        Assert.Equal(VerificationMethod.NothingRemained, decision.Case.VerificationMethod);
        Assert.Equal(RequiredSteps.All, decision.Case.RequiredSteps);
        Assert.Contains(CaseAction.RecordFaceScan, harness.Decider.Available(harness.Case, harness.Applicant, harness.Now));
    }

    [Fact]
    public void Items_cannot_be_selected_twice()
    {
        var harness = new CaseHarness();
        harness.SelectItems();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SelectItems(SecurityItems.Email)), ErrorCodes.TransitionNotAllowed, before);
    }

    [Fact]
    public void Only_the_applicant_selects_items()
    {
        var harness = new CaseHarness();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SelectItems(SecurityItems.Email), CaseHarness.Stranger), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new SelectItems(SecurityItems.Email), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new SelectItems(SecurityItems.Email), Actor.System), ErrorCodes.ActorNotAllowed, before);
    }

    private sealed class FixedPolicy(RequiredSteps steps) : IStepPolicy
    {
        public RequiredSteps Decide(StepPolicyContext context) => steps;
    }

    private sealed class RecordingPolicy : IStepPolicy
    {
        public List<StepPolicyContext> Seen { get; } = [];

        public RequiredSteps Decide(StepPolicyContext context)
        {
            Seen.Add(context);
            return RequiredSteps.All;
        }
    }
}
