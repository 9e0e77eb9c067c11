using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>The authenticator: 30-second steps, one step either side, a step never accepted twice.</summary>
public sealed class AuthenticatorRulesTests
{
    // Ten seconds into a step, so that "one step earlier/later" is unambiguous.
    private static readonly DateTimeOffset MidStep = TestClock.Start + TimeSpan.FromSeconds(10);

    private static CaseHarness OnlyAuthenticatorRemains(long? lastAcceptedTotpStep = null, CaseId? id = null)
    {
        var harness = new CaseHarness(start: MidStep, lastAcceptedTotpStep: lastAcceptedTotpStep, id: id);
        harness.SelectItems(SecurityItems.Email | SecurityItems.Phone);
        return harness;
    }

    [Theory]
    [InlineData(-30)]
    [InlineData(0)]
    [InlineData(30)]
    public void A_code_of_the_current_step_or_one_step_either_side_is_accepted(int secondsOff)
    {
        var harness = OnlyAuthenticatorRemains();
        var codeTime = harness.Now + TimeSpan.FromSeconds(secondsOff);

        var decision = harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(codeTime)));

        DecisionAssert.Accepted(decision, CaseState.Questionnaire);
        Assert.Equal(Authenticator.StepAt(codeTime), decision.Case.LastAcceptedTotpStep);
        Assert.Equal(SecurityItems.Authenticator, decision.Case.VerifiedItems);
        Assert.Equal(VerificationMethod.Codes, decision.Case.VerificationMethod);
        Assert.Equal([CaseEventTypes.AuthenticatorVerified, CaseEventTypes.VerificationCompleted], decision.Events.Select(e => e.Type));
    }

    [Theory]
    [InlineData(-90)]
    [InlineData(-60)]
    [InlineData(60)]
    [InlineData(90)]
    public void A_code_two_or_more_steps_away_is_refused_and_counted(int secondsOff)
    {
        var harness = OnlyAuthenticatorRemains();
        var before = harness.Case;

        var decision = harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now + TimeSpan.FromSeconds(secondsOff))));

        DecisionAssert.CountedFailure(decision, ErrorCodes.CodeInvalid, before);
        Assert.Equal(CaseState.VerifyingItems, decision.Case.State);
        Assert.Equal(1, decision.Case.AuthenticatorFailures);
        Assert.Null(decision.Case.LastAcceptedTotpStep);
    }

    [Fact]
    public void The_check_uses_the_instant_whatever_offset_the_time_is_expressed_in()
    {
        var harness = OnlyAuthenticatorRemains();
        var code = Authenticator.CodeAt(harness.Now);
        var farEast = harness.Now.ToOffset(TimeSpan.FromHours(14));

        var decision = harness.Decider.Decide(harness.Case, new VerifyAuthenticator(code), harness.Applicant, farEast, TestSecrets.AuthenticatorSecret);

        Assert.True(decision.Succeeded, decision.Error?.Code);
    }

    [Fact]
    public void A_time_step_accepted_once_is_refused_as_replayed_afterwards()
    {
        var first = OnlyAuthenticatorRemains();
        var code = Authenticator.CodeAt(first.Now);
        first.Accept(new VerifyAuthenticator(code));
        var accepted = first.Case.LastAcceptedTotpStep;

        // The account's next case carries the last accepted step, as the service does.
        var second = OnlyAuthenticatorRemains(accepted, new CaseId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000002")));
        var before = second.Case;
        var replayed = second.Send(new VerifyAuthenticator(code));

        DecisionAssert.CountedFailure(replayed, ErrorCodes.CodeReplayed, before);
        Assert.Equal(1, replayed.Case.AuthenticatorFailures);
        Assert.Equal(accepted, replayed.Case.LastAcceptedTotpStep);
        var failed = Assert.Single(replayed.Events);
        Assert.Equal((CaseEventTypes.CodeFailed, "Authenticator"), (failed.Type, failed.Detail));
    }

    [Fact]
    public void Deciding_an_authenticator_code_without_the_accounts_secret_is_a_programming_error_named_as_such()
    {
        var harness = OnlyAuthenticatorRemains();

        // The service always passes the secret of an account with an authenticator bound; nothing is decided without it.
        var thrown = Assert.Throws<InvalidOperationException>(() =>
            harness.Decider.Decide(harness.Case, new VerifyAuthenticator(Authenticator.CodeAt(harness.Now)), harness.Applicant, harness.Now, authenticatorSecret: null));
        Assert.Contains("authenticator secret", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_earlier_step_than_the_last_accepted_one_is_refused_as_replayed()
    {
        var accepted = Authenticator.StepAt(MidStep);
        var harness = OnlyAuthenticatorRemains(accepted);

        var decision = harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now - TimeSpan.FromSeconds(30))));

        Assert.Equal(ErrorCodes.CodeReplayed, decision.Error?.Code);
    }

    [Fact]
    public void The_step_after_the_last_accepted_one_is_accepted()
    {
        var accepted = Authenticator.StepAt(MidStep);
        var harness = OnlyAuthenticatorRemains(accepted);
        harness.Wait(TimeSpan.FromSeconds(30));

        var decision = harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now)));

        Assert.True(decision.Succeeded, decision.Error?.Code);
        Assert.Equal(accepted + 1, decision.Case.LastAcceptedTotpStep);
    }

    [Fact]
    public void The_fifth_wrong_code_closes_the_authenticator_check_even_for_the_right_code()
    {
        var harness = OnlyAuthenticatorRemains();
        var wrong = RecordingCodeGenerator.Wrong(Authenticator.CodeAt(harness.Now));
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(ErrorCodes.CodeInvalid, harness.Send(new VerifyAuthenticator(wrong)).Error?.Code);
        }

        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now))), ErrorCodes.CodeAttemptsExhausted, before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    public void A_malformed_code_is_refused_without_counting(string code)
    {
        var harness = OnlyAuthenticatorRemains();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyAuthenticator(code)), ErrorCodes.CodeMalformed, before);
    }

    [Fact]
    public void A_lost_authenticator_takes_no_code()
    {
        var harness = new CaseHarness();
        harness.SelectItems(SecurityItems.Authenticator);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now))), ErrorCodes.VerificationNotRequired, before);
    }

    [Fact]
    public void A_verified_authenticator_is_not_checked_again()
    {
        var harness = new CaseHarness(start: MidStep);
        harness.SelectItems(SecurityItems.Email);
        harness.Accept(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now)));
        harness.Wait(TimeSpan.FromSeconds(30));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyAuthenticator(Authenticator.CodeAt(harness.Now))), ErrorCodes.VerificationAlreadyDone, before);
    }

    [Fact]
    public void A_missing_secret_is_a_programmer_error()
    {
        var harness = OnlyAuthenticatorRemains();

        Assert.Throws<InvalidOperationException>(() =>
            harness.Decider.Decide(harness.Case, new VerifyAuthenticator("123456"), harness.Applicant, harness.Now, authenticatorSecret: null));
    }

    [Fact]
    public void The_code_never_shows_in_the_command_text()
    {
        Assert.DoesNotContain("654321", new VerifyAuthenticator("654321").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("654321", new VerifyCode(VerificationTarget.BoundEmail, "654321").ToString(), StringComparison.Ordinal);
    }
}
