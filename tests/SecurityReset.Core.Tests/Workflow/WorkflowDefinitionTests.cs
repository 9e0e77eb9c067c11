using SecurityReset.Ports;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using SecurityReset.Workflow.Steps;

namespace SecurityReset.Tests.Workflow;

/// <summary>
/// The machinery under the workflow definition: the compiled table and its edges, the Stateless configuration's
/// callback, which guards each question checks, the moves a transition may make, what a decision asks for, and the
/// programming errors the decider names instead of acting on.
/// </summary>
public sealed class WorkflowDefinitionTests
{
    private static readonly int StateCount = Enum.GetValues<CaseState>().Length;

    [Fact]
    public void The_table_answers_nothing_for_a_state_or_trigger_outside_it_right_at_its_end_and_below_it()
    {
        var pastLastState = (CaseState)StateCount;
        Assert.Null(CaseWorkflow.Find(pastLastState, default));
        Assert.Null(CaseWorkflow.Find((CaseState)(-1), CaseTrigger.Cancel));
        Assert.Empty(CaseWorkflow.TriggersOf(pastLastState));
        Assert.Empty(CaseWorkflow.TriggersOf((CaseState)(-1)));
        Assert.NotNull(CaseWorkflow.Find(CaseState.SelectingItems, CaseTrigger.SelectItems));
    }

    [Fact]
    public void Every_trigger_fits_the_bit_set_the_available_actions_are_kept_in()
    {
        // The decider marks a state's open triggers as bits of a 32-bit number.
        Assert.True(Enum.GetValues<CaseTrigger>().Length < 32);
    }

    [Fact]
    public void Two_transitions_for_the_same_state_and_trigger_do_not_compile()
    {
        var first = Row(CaseState.Submitted, CaseTrigger.Claim, Destinations.To(CaseState.UnderReview));
        var second = new Transition(CaseGroups(CaseState.Submitted, CaseState.UnderReview), CaseTrigger.Claim, Who.Reviewer, [], Destinations.To(CaseState.UnderReview), c => Decision.Refuse(c.Case, new ResetError("x", "Never.")));

        var error = Assert.Throws<InvalidOperationException>(() => CaseWorkflow.Compile([first, second]));

        Assert.Equal("Two transitions for Claim in Submitted: guards would have to exclude each other.", error.Message);
        Assert.Same(first, CaseWorkflow.Compile([first])[((int)CaseState.Submitted * Enum.GetValues<CaseTrigger>().Length) + (int)CaseTrigger.Claim]);
    }

    [Fact]
    public void The_configured_machine_tells_its_callback_where_a_fired_trigger_led()
    {
        var harness = new CaseHarness();
        var state = harness.Case.State.ToString();
        var told = new List<string>();
        var machine = CaseWorkflow.Configure(() => state, moved =>
        {
            told.Add(moved);
            state = moved;
        });
        var context = new CommandContext(harness.Decider, harness.Case, new Cancel(), CaseTrigger.Cancel, harness.Applicant, harness.Now, null);

        machine.Fire(new Stateless.StateMachine<string, CaseTrigger>.TriggerWithParameters<CommandContext>(CaseTrigger.Cancel), context);

        Assert.Equal([nameof(CaseState.Cancelled)], told);
    }

    [Fact]
    public void A_transition_from_states_that_expire_checks_the_lifetime_even_when_its_group_also_holds_states_that_do_not()
    {
        var mixed = new Transition(CaseGroups(CaseState.Completed, CaseState.Submitted), CaseTrigger.Claim, Who.Reviewer, [], Destinations.Stay, c => Decision.Refuse(c.Case, new ResetError("x", "Never.")));
        var ended = new Transition(CaseGroups(CaseState.Completed, CaseState.Cancelled), CaseTrigger.Claim, Who.Reviewer, [], Destinations.Stay, c => Decision.Refuse(c.Case, new ResetError("x", "Never.")));
        var expiry = new Transition(CaseGroups(CaseState.Submitted), CaseTrigger.Expire, Who.System, [], Destinations.Stay, c => Decision.Refuse(c.Case, new ResetError("x", "Never.")));

        Assert.Contains(Transition.BeforeExpiry, mixed.Guards);
        Assert.DoesNotContain(Transition.BeforeExpiry, ended.Guards);
        Assert.DoesNotContain(Transition.BeforeExpiry, expiry.Guards);
        Assert.Same(Who.Reviewer.Guard, mixed.Guards[0]);
    }

    [Fact]
    public void A_rule_on_the_case_after_a_rule_on_the_input_closes_the_action_but_never_answers_before_the_input_is_read()
    {
        // The authenticator's budget is checked after the code's format: spent, the action is not offered; a
        // malformed code is still refused as malformed, so the refusal before the input is read is none.
        var options = TestSecrets.Options();
        options.Authenticator.MaxFailures = 2;
        var harness = new CaseHarness(options: options);
        harness.SelectItems(SecurityItems.Email);
        var spent = harness.Case with { AuthenticatorFailures = 2 };
        var applicant = harness.Applicant;
        var transition = CaseWorkflow.Find(spent.State, CaseTrigger.VerifyAuthenticator)!;
        Assert.Contains(VerifyRemainingItemsStep.AuthenticatorCodeWellFormed, transition.Guards);
        Assert.True(transition.Guards.ToList().IndexOf(VerifyRemainingItemsStep.AuthenticatorCodeWellFormed) < transition.Guards.ToList().IndexOf(VerifyRemainingItemsStep.AuthenticatorAttemptsLeft));

        Assert.DoesNotContain(CaseAction.VerifyAuthenticator, harness.Decider.Available(spent, applicant, harness.Now));
        Assert.Contains(CaseAction.VerifyAuthenticator, harness.Decider.Available(spent with { AuthenticatorFailures = 1 }, applicant, harness.Now));
        Assert.Null(harness.Decider.Check(spent, CaseTrigger.VerifyAuthenticator, applicant, harness.Now));
        Assert.Equal(ErrorCodes.CodeMalformed, harness.Decider.Decide(spent, new VerifyAuthenticator("12"), applicant, harness.Now, TestSecrets.AuthenticatorSecret).Error?.Code);
        Assert.Equal(ErrorCodes.CodeAttemptsExhausted, harness.Decider.Decide(spent, new VerifyAuthenticator("123456"), applicant, harness.Now, TestSecrets.AuthenticatorSecret).Error?.Code);
    }

    [Fact]
    public void An_effect_that_moves_where_its_transition_does_not_lead_is_a_named_programming_error()
    {
        var harness = new CaseHarness();
        var current = harness.Case;
        static Decision MoveOn(CommandContext c) => c.MoveOn(c.Case, CaseEventTypes.ItemsSelected, null);
        var declared = Row(current.State, CaseTrigger.SelectItems, Destinations.To(CaseState.ReadyToSubmit), MoveOn);
        var undeclared = Row(current.State, CaseTrigger.SelectItems, Destinations.To(CaseState.Questionnaire), MoveOn);

        Assert.Equal(CaseState.ReadyToSubmit, CaseDecider.Apply(declared, Context(harness, new SelectItems(SecurityItems.Email))).Case.State);
        var error = Assert.Throws<InvalidOperationException>(() => CaseDecider.Apply(undeclared, Context(harness, new SelectItems(SecurityItems.Email))));
        Assert.Equal("The workflow definition does not lead from SelectingItems to ReadyToSubmit on SelectItems.", error.Message);
        Assert.Throws<InvalidOperationException>(() => MoveOn(Context(harness, new SelectItems(SecurityItems.Email))));
    }

    [Fact]
    public void Asking_the_destination_of_a_command_that_names_none_is_a_named_programming_error()
    {
        var harness = new CaseHarness();

        var error = Assert.Throws<InvalidOperationException>(() => Context(harness, new SelectItems(SecurityItems.Email)).Target);

        Assert.Equal("SelectItems names no destination.", error.Message);
        Assert.Equal(VerificationTarget.BoundPhone, Context(harness, new ReleaseUndeliveredCode(VerificationTarget.BoundPhone, "123456")).Target);
    }

    [Fact]
    public void Only_a_successful_decision_carries_the_side_effects_its_transition_asks_for()
    {
        var current = new CaseHarness().Case;
        var @event = new CaseEvent(current.Id, current.Version + 1, CaseEventTypes.CodeFailed, current.OpenedAt, Actor.System, null);
        var error = new ResetError(ErrorCodes.CodeInvalid, "The code is wrong.");

        Assert.Equal(SideEffects.NotifyOpened, Decision.Accept(current, @event).Asking(SideEffects.NotifyOpened).Asks);
        Assert.Equal(SideEffects.None, Decision.Fail(current, @event, error).Asking(SideEffects.NotifyOpened).Asks);
        Assert.Equal(SideEffects.None, Decision.Refuse(current, error).Asking(SideEffects.NotifyOpened).Asks);
        var accepted = Decision.Accept(current, @event);
        Assert.Same(accepted, accepted.Asking(SideEffects.None));
    }

    [Fact]
    public void The_decider_names_a_missing_argument_instead_of_failing_inside()
    {
        var harness = new CaseHarness();
        var current = harness.Case;

        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new CaseDecider(null!)).ParamName);
        Assert.Equal("account", Assert.Throws<ArgumentNullException>(() => harness.Decider.Open(current.Id, null!, Channel.Web, EntryPoint.LoggedIn, harness.Now)).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentNullException>(() => harness.Decider.Decide(null!, new Cancel(), harness.Applicant, harness.Now)).ParamName);
        Assert.Equal("command", Assert.Throws<ArgumentNullException>(() => harness.Decider.Decide(current, null!, harness.Applicant, harness.Now)).ParamName);
        Assert.Equal("actor", Assert.Throws<ArgumentNullException>(() => harness.Decider.Decide(current, new Cancel(), null!, harness.Now)).ParamName);
    }

    [Fact]
    public void Commands_and_issued_codes_print_their_destination_and_never_the_code()
    {
        var expires = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.Equal("VerifyCode { Target = BoundEmail }", new VerifyCode(VerificationTarget.BoundEmail, "493817").ToString());
        Assert.Equal("VerifyAuthenticator", new VerifyAuthenticator("493817").ToString());
        Assert.Equal("ReleaseUndeliveredCode { Target = NewContact }", new ReleaseUndeliveredCode(VerificationTarget.NewContact, "493817").ToString());
        Assert.Equal("IssuedCode { Target = BoundPhone, ExpiresAt = 2026-01-02T03:04:05.0000000+00:00 }", new IssuedCode(VerificationTarget.BoundPhone, "493817", expires).ToString());
        Assert.Equal("VerifyingItems --RequestCode-->", CaseWorkflow.Find(CaseState.VerifyingItems, CaseTrigger.RequestCode)!.ToString());
    }

    private static StateGroup CaseGroups(params CaseState[] states) => StateGroup.Named("Group", null, states);

    private static Transition Row(CaseState from, CaseTrigger trigger, Destinations to, Func<CommandContext, Decision>? effect = null) =>
        new(StateGroup.Of(from), trigger, Who.Applicant, [], to, effect ?? (c => Decision.Refuse(c.Case, new ResetError("x", "Never."))));

    private static CommandContext Context(CaseHarness harness, CaseCommand command) =>
        new(harness.Decider, harness.Case, command, command.Trigger, harness.Applicant, harness.Now, null);
}
