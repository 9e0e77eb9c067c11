using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>Every accepted decision moves the version by one and records who did what, when.</summary>
public sealed class AuditTrailTests
{
    /// <summary>A long life: wrong codes, a resend, an information request, a new claim, approval and completion.</summary>
    private static CaseHarness LongLife()
    {
        var harness = new CaseHarness(AccountBuilder.Default().WithKyc(KycLevel.Advanced).Build(), entryPoint: EntryPoint.ForgotPassword);
        harness.SelectItems(SecurityItems.Authenticator);
        harness.Send(Scans.Result(false, "scan-1"), Actor.System);
        var first = harness.RequestCode(VerificationTarget.BoundEmail);
        harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(first)));
        harness.Wait(TimeSpan.FromSeconds(30));
        harness.Send(new RequestCode(VerificationTarget.BoundEmail));
        harness.Wait(TimeSpan.FromSeconds(30));
        harness.Accept(new VerifyCode(VerificationTarget.BoundEmail, harness.RequestCode(VerificationTarget.BoundEmail)));
        harness.Accept(new VerifyCode(VerificationTarget.BoundPhone, harness.RequestCode(VerificationTarget.BoundPhone)));
        harness.Wait(TimeSpan.FromMinutes(7));
        harness.CompleteSteps();
        harness.Accept(new Submit());
        harness.Wait(TimeSpan.FromHours(3));
        harness.Accept(new Claim(), CaseHarness.ReviewerA);
        harness.Send(new Approve(), CaseHarness.ReviewerB);
        harness.Accept(new RequestInformation(AmendableItems.VerificationVideo | AmendableItems.Questionnaire, "video.unclear"), CaseHarness.ReviewerA);
        harness.Send(new Submit());
        harness.Accept(new AnswerQuestionnaire(Inputs.Answers, Inputs.Score));
        harness.Accept(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now))));
        harness.Accept(new Submit());
        harness.Accept(new Claim(), CaseHarness.ReviewerB);
        harness.Accept(new Approve(), CaseHarness.ReviewerB);
        harness.Wait(TimeSpan.FromMinutes(1));
        harness.Accept(new CompleteReset(), Actor.System);
        Assert.True(harness.Case.OfferForgotPasswordNext);
        return harness;
    }

    [Fact]
    public void Every_accepted_decision_raises_the_version_by_one_and_its_events_carry_version_time_and_actor()
    {
        var harness = LongLife();

        foreach (var entry in harness.Log.Where(e => e.Decision.Succeeded))
        {
            var decision = entry.Decision;
            Assert.True(decision.Changed);
            Assert.Equal(entry.Before.Version + 1, decision.Case.Version);
            Assert.NotEmpty(decision.Events);
            Assert.All(decision.Events, e =>
            {
                Assert.Equal(decision.Case.Version, e.Version);
                Assert.Equal(entry.At, e.OccurredAt);
                Assert.Equal(entry.Actor, e.Actor);
                Assert.Equal(entry.Before.Id, e.CaseId);
            });
        }
    }

    [Fact]
    public void Counted_failures_also_raise_the_version_by_one_and_refusals_change_nothing()
    {
        var harness = LongLife();

        Assert.Contains(harness.Log, e => !e.Decision.Succeeded && e.Decision.Changed);
        Assert.Contains(harness.Log, e => !e.Decision.Succeeded && !e.Decision.Changed);
        foreach (var entry in harness.Log.Where(e => !e.Decision.Succeeded))
        {
            if (entry.Decision.Changed)
            {
                Assert.Equal(entry.Before.Version + 1, entry.Decision.Case.Version);
                Assert.All(entry.Decision.Events, e => Assert.Equal(entry.Decision.Case.Version, e.Version));
            }
            else
            {
                Assert.Same(entry.Before, entry.Decision.Case);
                Assert.Empty(entry.Decision.Events);
            }
        }
    }

    [Fact]
    public void The_trail_numbers_versions_without_gaps_from_the_opening()
    {
        var harness = LongLife();
        var trail = harness.Opened.Events.Concat(harness.Log.SelectMany(e => e.Decision.Events)).ToList();

        var versions = trail.Select(e => e.Version).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        Assert.Equal(harness.Case.Version, versions[^1]);
        Assert.Equal(CaseEventTypes.Opened, trail[0].Type);
        Assert.Equal(CaseEventTypes.Completed, trail[^1].Type);
    }

    [Fact]
    public void No_event_detail_holds_a_code_or_a_contact()
    {
        var harness = LongLife();
        var details = harness.Log.SelectMany(e => e.Decision.Events).Select(e => e.Detail ?? string.Empty).ToList();

        Assert.NotEmpty(harness.Codes.Drawn);
        foreach (var detail in details)
        {
            Assert.DoesNotContain('@', detail);
            Assert.DoesNotContain("+44", detail, StringComparison.Ordinal);
            Assert.All(harness.Codes.Drawn, code => Assert.DoesNotContain(code, detail, StringComparison.Ordinal));
        }
    }
}
