using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Workflow;

/// <summary>The decider against the Stateless transition table: nothing outside it, nothing skipped.</summary>
public sealed class TransitionTableTests
{
    public static TheoryData<CaseState> AllStates => [.. Enum.GetValues<CaseState>()];

    private static CaseHarness In(CaseState state)
    {
        if (state != CaseState.ReadyToSubmit)
        {
            return new CaseHarness().DriveTo(state);
        }

        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        harness.SelectItems();
        harness.Accept(Scans.Result(true, "scan"));
        return harness;
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void Every_state_is_reachable_by_the_test_paths(CaseState state)
    {
        Assert.Equal(state, In(state).Case.State);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void A_trigger_the_table_does_not_list_is_refused_for_every_actor(CaseState state)
    {
        var harness = In(state);
        var before = harness.Case;

        foreach (var (command, _) in SampleCommands.For(before, harness.Now))
        {
            if (CaseWorkflow.IsListed(state, command.Trigger))
            {
                continue;
            }

            foreach (var actor in SampleCommands.Actors(before))
            {
                DecisionAssert.Refused(harness.Decider.Decide(before, command, actor, harness.Now, TestSecrets.AuthenticatorSecret), ErrorCodes.TransitionNotAllowed, before);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void A_listed_trigger_leads_only_where_the_table_says(CaseState state)
    {
        var harness = In(state);
        var before = harness.Case;

        foreach (var (command, actor) in SampleCommands.For(before, harness.Now))
        {
            foreach (var now in new[] { harness.Now, harness.Now + TimeSpan.FromDays(4) })
            {
                var decision = harness.Decider.Decide(before, command, actor, now, TestSecrets.AuthenticatorSecret);
                if (decision.Changed)
                {
                    Assert.True(CaseWorkflow.Leads(state, command.Trigger, decision.Case.State), $"{state} --{command.Trigger}--> {decision.Case.State}");
                }
            }
        }
    }

    [Fact]
    public void Terminal_states_list_no_trigger_and_every_other_state_lists_some()
    {
        foreach (var state in Enum.GetValues<CaseState>())
        {
            var terminal = state is CaseState.Completed or CaseState.Rejected or CaseState.Cancelled or CaseState.Expired or CaseState.Superseded;
            Assert.Equal(terminal, CaseWorkflow.TriggersOf(state).Count == 0);
        }
    }

    [Fact]
    public void Cancel_is_listed_until_a_decision()
    {
        var cancellable = Enum.GetValues<CaseState>().Where(s => CaseWorkflow.IsListed(s, CaseTrigger.Cancel));

        Assert.Equal(
            [CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
             CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview, CaseState.InformationRequested,
             CaseState.Disputed],
            cancellable);
    }

    [Fact]
    public void Expire_is_listed_while_the_applicant_has_work_to_do_and_while_the_case_waits_for_review()
    {
        var expirable = Enum.GetValues<CaseState>().Where(s => CaseWorkflow.IsListed(s, CaseTrigger.Expire));

        Assert.Equal(
            [CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
             CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview, CaseState.InformationRequested,
             CaseState.Disputed],
            expirable);
        Assert.All(Enum.GetValues<CaseState>(), s => Assert.Equal(CaseWorkflow.CanExpire(s), CaseWorkflow.IsListed(s, CaseTrigger.Expire)));
    }

    [Fact]
    public void Submitted_is_entered_only_by_submit_from_identity_verification_ready_to_submit_or_an_information_request()
    {
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var trigger in Enum.GetValues<CaseTrigger>())
            {
                // A dispute of a submitted case flags it where it stands.
                if (CaseWorkflow.Leads(state, trigger, CaseState.Submitted) && !(state == CaseState.Submitted && trigger == CaseTrigger.Dispute))
                {
                    Assert.Equal(CaseTrigger.Submit, trigger);
                    Assert.Contains(state, new[] { CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.InformationRequested });
                }
            }
        }
    }

    [Fact]
    public void The_public_listing_agrees_with_the_triggers_of_each_state()
    {
        foreach (var state in Enum.GetValues<CaseState>())
        {
            var listed = Enum.GetValues<CaseTrigger>().Where(t => CaseWorkflow.IsListed(state, t)).ToHashSet();
            Assert.Equal(listed, CaseWorkflow.TriggersOf(state).ToHashSet());
        }
    }
}
