using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>Voiding a code whose delivery was given up: it neither lives on nor counts.</summary>
public sealed class ReleaseUndeliveredCodeTests
{
    private static CaseHarness Verifying()
    {
        var harness = new CaseHarness();
        harness.SelectItems(SecurityItems.Authenticator);
        return harness;
    }

    [Fact]
    public void A_released_code_is_void_and_a_new_one_can_be_asked_for_at_once()
    {
        var harness = Verifying();
        var undelivered = harness.RequestCode(VerificationTarget.BoundEmail);

        var released = harness.Send(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, undelivered), Actor.System);

        DecisionAssert.Accepted(released, CaseState.VerifyingItems);
        Assert.Equal(CaseEventTypes.CodeReleased, Assert.Single(released.Events).Type);
        var challenge = released.Case.Challenge(VerificationTarget.BoundEmail)!;
        Assert.Null(challenge.CodeHash);
        Assert.Equal(0, challenge.CodesIssued);
        Assert.Equal(ErrorCodes.CodeNotRequested, harness.Send(new VerifyCode(VerificationTarget.BoundEmail, undelivered)).Error?.Code);

        var again = harness.RequestCode(VerificationTarget.BoundEmail);
        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, again)).Succeeded);
    }

    [Fact]
    public void A_released_code_does_not_count_towards_the_send_limit()
    {
        var harness = Verifying();
        harness.Accept(new ReleaseUndeliveredCode(VerificationTarget.BoundPhone, harness.RequestCode(VerificationTarget.BoundPhone)), Actor.System);
        for (var issued = 1; issued <= 5; issued++)
        {
            harness.Wait(TimeSpan.FromMinutes(1));
            Assert.True(harness.Send(new RequestCode(VerificationTarget.BoundPhone)).Succeeded, $"code {issued}");
        }

        harness.Wait(TimeSpan.FromMinutes(1));
        Assert.Equal(ErrorCodes.CodeSendLimitReached, harness.Send(new RequestCode(VerificationTarget.BoundPhone)).Error?.Code);
    }

    [Fact]
    public void Releasing_keeps_the_failure_count()
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(code)));
        harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(code)));

        harness.Accept(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, code), Actor.System);

        Assert.Equal(2, harness.Case.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
    }

    [Fact]
    public void Only_a_live_code_can_be_released()
    {
        var harness = Verifying();
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, "123456"), Actor.System), ErrorCodes.CodeNotRequested, before);

        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Accept(new VerifyCode(VerificationTarget.BoundEmail, code));
        var verified = harness.Case;
        DecisionAssert.Refused(harness.Send(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, code), Actor.System), ErrorCodes.CodeNotRequested, verified);
    }

    [Fact]
    public void Giving_up_an_older_code_never_voids_the_one_sent_after_it()
    {
        var harness = Verifying();
        var older = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromMinutes(1));
        var newer = harness.RequestCode(VerificationTarget.BoundEmail);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, older), Actor.System), ErrorCodes.CodeNotRequested, before);
        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, newer)).Succeeded);
    }

    [Fact]
    public void Only_the_system_releases_a_code()
    {
        var harness = Verifying();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, code)), ErrorCodes.ActorNotAllowed, before);
        DecisionAssert.Refused(harness.Send(new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, code), CaseHarness.ReviewerA), ErrorCodes.ActorNotAllowed, before);
    }

    [Fact]
    public void The_new_contact_code_can_be_released_too()
    {
        var harness = new CaseHarness().DriveTo(CaseState.IdentityVerification);
        harness.Accept(new SetNewContact(Inputs.NewEmail));
        harness.Accept(new ReleaseUndeliveredCode(VerificationTarget.NewContact, harness.RequestCode(VerificationTarget.NewContact)), Actor.System);

        Assert.True(harness.Send(new RequestCode(VerificationTarget.NewContact)).Succeeded);
    }

    [Fact]
    public void Releasing_is_listed_only_where_codes_are_sent()
    {
        var states = Enum.GetValues<CaseState>().Where(s => CaseWorkflow.IsListed(s, CaseTrigger.ReleaseUndeliveredCode));

        Assert.Equal([CaseState.VerifyingItems, CaseState.IdentityVerification], states);
    }
}
