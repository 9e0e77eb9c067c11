using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Policies;

public sealed class StepPolicyTests
{
    [Theory]
    [InlineData(VerificationMethod.Codes, RequiredSteps.All)]
    [InlineData(VerificationMethod.NothingRemained, RequiredSteps.All)]
    [InlineData(VerificationMethod.FaceScan, RequiredSteps.None)]
    public void The_seed_policy_skips_the_steps_only_after_a_face_scan(VerificationMethod method, RequiredSteps steps)
    {
        foreach (var kyc in Enum.GetValues<KycLevel>())
        {
            var context = new StepPolicyContext(SecurityItems.Email, SecurityItems.Phone | SecurityItems.Authenticator, kyc, method);
            Assert.Equal(steps, SeedStepPolicy.Instance.Decide(context));
        }
    }

    [Theory]
    [InlineData(VerificationMethod.Codes)]
    [InlineData(VerificationMethod.NothingRemained)]
    [InlineData(VerificationMethod.FaceScan)]
    public void The_strict_policy_always_requires_every_step(VerificationMethod method)
    {
        var context = new StepPolicyContext(SecurityItems.All, SecurityItems.None, KycLevel.Advanced, method);

        Assert.Equal(RequiredSteps.All, StrictStepPolicy.Instance.Decide(context));
    }

    [Fact]
    public void Policies_refuse_a_missing_context()
    {
        Assert.Throws<ArgumentNullException>(() => SeedStepPolicy.Instance.Decide(null!));
        Assert.Throws<ArgumentNullException>(() => StrictStepPolicy.Instance.Decide(null!));
    }

    [Fact]
    public void The_strict_profile_sets_10_minute_codes_and_the_strict_policy()
    {
        var options = TestSecrets.StrictOptions();

        Assert.Equal(TimeSpan.FromMinutes(10), options.Codes.Lifetime);
        Assert.Same(StrictStepPolicy.Instance, options.StepPolicy);
        Assert.True(new SecurityResetOptionsValidator().Validate(options).IsValid);
    }

    [Fact]
    public void Under_the_strict_profile_a_code_is_accepted_before_10_minutes()
    {
        var harness = new CaseHarness(options: TestSecrets.StrictOptions());
        harness.SelectItems();
        var code = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Wait(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        Assert.True(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code)).Succeeded);
    }

    [Fact]
    public void Under_the_strict_profile_a_code_expires_at_10_minutes()
    {
        var harness = new CaseHarness(options: TestSecrets.StrictOptions());
        harness.SelectItems();
        var issued = harness.Accept(new RequestCode(VerificationTarget.BoundEmail)).IssuedCode!;
        Assert.Equal(harness.Now + TimeSpan.FromMinutes(10), issued.ExpiresAt);
        harness.Wait(TimeSpan.FromMinutes(10));
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.BoundEmail, issued.Code)), ErrorCodes.CodeExpired, before);
    }

    [Fact]
    public void Under_the_strict_profile_the_face_scan_path_still_needs_all_three_steps()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build(), TestSecrets.StrictOptions());
        harness.SelectItems();

        var scanned = harness.Accept(Scans.Result(true, "vendor-scan"));

        Assert.Equal(CaseState.Questionnaire, scanned.Case.State);
        Assert.Equal(VerificationMethod.FaceScan, scanned.Case.VerificationMethod);
        Assert.Equal(RequiredSteps.All, scanned.Case.RequiredSteps);
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.TransitionNotAllowed, before);

        harness.AnswerQuestionnaire();
        Assert.Equal(CaseState.SupplementaryProofs, harness.Case.State);
        harness.ProvideProofs();
        Assert.Equal(CaseState.IdentityVerification, harness.Case.State);
        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.SubmissionIncomplete, harness.Case);
        harness.CompleteIdentity();
        Assert.True(harness.Send(new Submit()).Succeeded);
    }

    [Fact]
    public void Under_the_seed_policy_the_face_scan_path_goes_straight_to_submission()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build());
        harness.SelectItems();

        Assert.Equal(CaseState.ReadyToSubmit, harness.Accept(Scans.Result(true, "vendor-scan")).Case.State);
    }
}
