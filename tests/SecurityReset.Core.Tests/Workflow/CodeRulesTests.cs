using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>Codes to the bound email and phone: lifetime, attempts, resends, send limit, single use.</summary>
public sealed class CodeRulesTests
{
    private static readonly VerifyCode Malformed = new(VerificationTarget.BoundEmail, "12a456");

    private static CaseHarness Verifying()
    {
        var harness = new CaseHarness();
        harness.SelectItems(SecurityItems.Authenticator);
        return harness;
    }

    [Fact]
    public void An_issued_code_has_six_digits_expires_in_15_minutes_and_is_stored_only_as_a_hash()
    {
        var harness = Verifying();

        var decision = harness.Accept(new RequestCode(VerificationTarget.BoundEmail));

        var issued = decision.IssuedCode!;
        Assert.Matches("^[0-9]{6}$", issued.Code);
        Assert.Equal(harness.Codes.Drawn[^1], issued.Code);
        Assert.Equal(VerificationTarget.BoundEmail, issued.Target);
        Assert.Equal(TestClock.Start + TimeSpan.FromMinutes(15), issued.ExpiresAt);
        Assert.DoesNotContain(issued.Code, issued.ToString(), StringComparison.Ordinal);
        var challenge = decision.Case.Challenge(VerificationTarget.BoundEmail)!;
        Assert.NotNull(challenge.CodeHash);
        Assert.DoesNotContain(issued.Code, challenge.CodeHash, StringComparison.Ordinal);
        Assert.Equal(1, challenge.CodesIssued);
        Assert.Equal(CaseState.VerifyingItems, decision.Case.State);
        var @event = Assert.Single(decision.Events);
        Assert.Equal(CaseEventTypes.CodeIssued, @event.Type);
        Assert.DoesNotContain(issued.Code, @event.Detail ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14 * 60)]
    [InlineData((14 * 60) + 59)]
    public void A_code_is_accepted_before_15_minutes(int secondsAfterIssue)
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromSeconds(secondsAfterIssue));

        var decision = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code));

        DecisionAssert.Accepted(decision, CaseState.VerifyingItems);
        Assert.Equal(SecurityItems.Email, decision.Case.VerifiedItems);
        Assert.Equal(CaseEventTypes.CodeVerified, Assert.Single(decision.Events).Type);
        Assert.Null(decision.Case.Challenge(VerificationTarget.BoundEmail)!.CodeHash);
    }

    [Fact]
    public void A_code_is_accepted_one_tick_before_15_minutes()
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));

        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)).Succeeded);
    }

    [Theory]
    [InlineData(15 * 60)]
    [InlineData((15 * 60) + 1)]
    [InlineData(60 * 60)]
    public void A_code_is_refused_as_expired_from_15_minutes_on_without_counting_a_failure(int secondsAfterIssue)
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromSeconds(secondsAfterIssue));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)), ErrorCodes.CodeExpired, before);
        Assert.Equal(0, harness.Case.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
    }

    [Fact]
    public void Four_wrong_codes_are_counted_and_the_right_one_still_works()
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var before = harness.Case;
            var decision = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(code)));
            DecisionAssert.CountedFailure(decision, ErrorCodes.CodeInvalid, before);
            Assert.Equal(CaseEventTypes.CodeFailed, Assert.Single(decision.Events).Type);
            Assert.Equal(attempt, decision.Case.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
            Assert.NotNull(decision.Case.Challenge(VerificationTarget.BoundEmail)!.CodeHash);
        }

        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)).Succeeded);
    }

    [Fact]
    public void The_fifth_wrong_code_burns_the_code_and_the_sixth_attempt_is_refused_even_with_the_right_code()
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(code)));
        }

        var beforeFifth = harness.Case;
        var fifth = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(code)));
        DecisionAssert.CountedFailure(fifth, ErrorCodes.CodeInvalid, beforeFifth);
        Assert.Null(fifth.Case.Challenge(VerificationTarget.BoundEmail)!.CodeHash);
        Assert.Equal(5, fifth.Case.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);

        var beforeSixth = harness.Case;
        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)), ErrorCodes.CodeAttemptsExhausted, beforeSixth);
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.CodeAttemptsExhausted, beforeSixth);
        harness.Wait(TimeSpan.FromHours(1));
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.CodeAttemptsExhausted, beforeSixth);
    }

    [Fact]
    public void A_resend_never_resets_the_failure_count()
    {
        var harness = Verifying();
        var first = harness.RequestCode(VerificationTarget.BoundEmail);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(first)));
        }

        harness.Wait(TimeSpan.FromSeconds(60));
        var second = harness.RequestCode(VerificationTarget.BoundEmail);
        Assert.Equal(3, harness.Case.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);

        harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(second)));
        var fifth = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(second)));
        Assert.Equal(ErrorCodes.CodeInvalid, fifth.Error?.Code);

        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, second)), ErrorCodes.CodeAttemptsExhausted, before);
    }

    [Fact]
    public void A_resend_replaces_the_previous_code()
    {
        var harness = Verifying();
        var first = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromSeconds(60));
        var second = harness.RequestCode(VerificationTarget.BoundEmail);
        Assert.NotEqual(first, second);

        Assert.Equal(ErrorCodes.CodeInvalid, harness.Send(new VerifyCode(VerificationTarget.BoundEmail, first)).Error?.Code);
        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, second)).Succeeded);
    }

    [Fact]
    public void A_resend_gives_a_full_lifetime_from_its_own_issue()
    {
        var harness = Verifying();
        harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromMinutes(10));
        var second = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromMinutes(14));

        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, second)).Succeeded);
    }

    [Fact]
    public void A_resend_at_59_seconds_is_refused_and_at_60_seconds_accepted()
    {
        var harness = Verifying();
        harness.RequestCode(VerificationTarget.BoundEmail);

        harness.Wait(TimeSpan.FromSeconds(59));
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.CodeResendTooSoon, before);

        harness.Wait(TimeSpan.FromSeconds(1));
        var decision = harness.Send(new RequestCode(VerificationTarget.BoundEmail));
        Assert.True(decision.Succeeded);
        Assert.NotNull(decision.IssuedCode);
        Assert.Equal(2, decision.Case.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
    }

    [Fact]
    public void The_cooldown_is_per_destination()
    {
        var harness = Verifying();
        harness.RequestCode(VerificationTarget.BoundEmail);

        Assert.True(harness.Send(new RequestCode(VerificationTarget.BoundPhone)).Succeeded);
    }

    [Fact]
    public void The_fifth_code_to_a_destination_is_sent_and_the_sixth_refused()
    {
        var harness = Verifying();
        for (var issued = 1; issued <= 5; issued++)
        {
            var decision = harness.Send(new RequestCode(VerificationTarget.BoundPhone));
            Assert.True(decision.Succeeded, $"code {issued}: {decision.Error?.Code}");
            Assert.Equal(issued, decision.Case.Challenge(VerificationTarget.BoundPhone)!.CodesIssued);
            harness.Wait(TimeSpan.FromMinutes(1));
        }

        harness.Wait(TimeSpan.FromHours(2));
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundPhone)), ErrorCodes.CodeSendLimitReached, before);
    }

    [Fact]
    public void The_last_code_within_the_send_limit_still_verifies()
    {
        var harness = Verifying();
        string last = string.Empty;
        for (var issued = 1; issued <= 5; issued++)
        {
            last = harness.RequestCode(VerificationTarget.BoundPhone);
            harness.Wait(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(ErrorCodes.CodeSendLimitReached, harness.Send(new RequestCode(VerificationTarget.BoundPhone)).Error?.Code);
        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundPhone, last)).Succeeded);
    }

    [Fact]
    public void Exhausting_one_destination_leaves_the_other_its_own_budget()
    {
        var harness = Verifying();
        var email = harness.RequestCode(VerificationTarget.BoundEmail);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(email)));
        }

        var phone = harness.RequestCode(VerificationTarget.BoundPhone);
        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundPhone, phone)).Succeeded);
    }

    [Fact]
    public void A_code_is_bound_to_its_destination()
    {
        var harness = Verifying();
        var email = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.RequestCode(VerificationTarget.BoundPhone);

        Assert.Equal(ErrorCodes.CodeInvalid, harness.Send(new VerifyCode(VerificationTarget.BoundPhone, email)).Error?.Code);
    }

    [Fact]
    public void A_code_is_bound_to_its_case()
    {
        var first = Verifying();
        var second = new CaseHarness(id: new CaseId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000002")));
        second.SelectItems(SecurityItems.Authenticator);

        // Both deterministic generators draw the same first code: the stored hashes still differ.
        Assert.Equal(first.RequestCode(VerificationTarget.BoundEmail), second.RequestCode(VerificationTarget.BoundEmail));
        Assert.NotEqual(
            first.Case.Challenge(VerificationTarget.BoundEmail)!.CodeHash,
            second.Case.Challenge(VerificationTarget.BoundEmail)!.CodeHash);
    }

    [Fact]
    public void A_code_must_be_requested_first()
    {
        var harness = Verifying();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, "123456")), ErrorCodes.CodeNotRequested, before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData(" 12345")]
    [InlineData("１２３４５６")]
    public void A_malformed_code_is_refused_without_counting_a_failure(string code)
    {
        var harness = Verifying();
        harness.RequestCode(VerificationTarget.BoundEmail);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)), ErrorCodes.CodeMalformed, before);
    }

    [Fact]
    public void A_verified_code_is_never_accepted_again()
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Accept(new VerifyCode(VerificationTarget.BoundEmail, code));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)), ErrorCodes.VerificationAlreadyDone, before);
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.VerificationAlreadyDone, before);
    }

    [Fact]
    public void A_lost_item_takes_no_code()
    {
        var harness = new CaseHarness();
        harness.SelectItems(SecurityItems.Email);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.VerificationNotRequired, before);
        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, "123456")), ErrorCodes.VerificationNotRequired, before);
    }

    [Fact]
    public void The_new_contact_takes_no_code_while_verifying_items()
    {
        var harness = Verifying();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.NewContact)), ErrorCodes.VerificationNotRequired, before);
    }

    [Fact]
    public void A_malformed_code_is_checked_before_anything_is_counted()
    {
        var harness = Verifying();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Malformed), ErrorCodes.CodeMalformed, before);
    }

    [Fact]
    public void Verifying_every_remaining_item_moves_to_the_first_required_step()
    {
        var harness = Verifying();
        harness.Accept(new VerifyCode(VerificationTarget.BoundEmail, harness.RequestCode(VerificationTarget.BoundEmail)));

        var decision = harness.Accept(new VerifyCode(VerificationTarget.BoundPhone, harness.RequestCode(VerificationTarget.BoundPhone)));

        DecisionAssert.Accepted(decision, CaseState.Questionnaire);
        Assert.Equal(VerificationMethod.Codes, decision.Case.VerificationMethod);
        Assert.Equal([CaseEventTypes.CodeVerified, CaseEventTypes.VerificationCompleted], decision.Events.Select(e => e.Type));
    }
}
