using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>
/// Properties over generated command sequences: every command, right and wrong inputs, random actors and
/// clock jumps, several cases per account (see <see cref="ScenarioRun"/>).
/// </summary>
public sealed class WorkflowProperties
{
    private const int Runs = 200;

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_case_is_never_submitted_without_every_step_its_policy_required() =>
        Prop.ForAll(Scenarios.Arbitrary, scenario => ScenarioRun.Play(scenario, step =>
        {
            if (step.Decision.Case.State == CaseState.Submitted && step.Before.State != CaseState.Submitted)
            {
                Assert.Equal(CaseTrigger.Submit, step.Command.Trigger);
                RequiredStepsAssert.Done(step.Decision.Case, step.Options);
            }
        }));

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_refused_decision_returns_the_very_same_snapshot_and_no_events() =>
        Prop.ForAll(Scenarios.Arbitrary, scenario => ScenarioRun.Play(scenario, step =>
        {
            var decision = step.Decision;
            if (!decision.Succeeded && !decision.Changed)
            {
                Assert.Same(step.Before, decision.Case);
                Assert.Empty(decision.Events);
                Assert.Null(decision.IssuedCode);
                Assert.NotNull(decision.Error);
            }
        }));

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Every_change_raises_the_version_by_one_and_its_events_carry_version_time_and_actor() =>
        Prop.ForAll(Scenarios.Arbitrary, scenario => ScenarioRun.Play(scenario, step =>
        {
            var decision = step.Decision;
            if (decision.Succeeded)
            {
                Assert.True(decision.Changed);
            }

            if (!decision.Changed)
            {
                return;
            }

            Assert.Equal(step.Before.Version + 1, decision.Case.Version);
            Assert.Equal(step.Before.Id, decision.Case.Id);
            Assert.Equal(step.Before.Account, decision.Case.Account);
            Assert.All(decision.Events, e =>
            {
                Assert.Equal(decision.Case.Version, e.Version);
                Assert.Equal(step.At, e.OccurredAt);
                Assert.Equal(step.Actor, e.Actor);
                Assert.Equal(step.Before.Id, e.CaseId);
            });
        }));

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_terminal_case_changes_for_no_command() =>
        Prop.ForAll(Scenarios.Arbitrary, scenario => ScenarioRun.Play(scenario, step =>
        {
            if (step.Before.IsTerminal)
            {
                DecisionAssert.Refused(step.Decision, ErrorCodes.TransitionNotAllowed, step.Before);
            }
        }));

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property No_code_is_accepted_twice_and_only_the_latest_live_code_is_accepted()
    {
        return Prop.ForAll(Scenarios.Arbitrary, scenario =>
        {
            var accepted = new HashSet<string>(StringComparer.Ordinal);
            ScenarioRun.Play(scenario, step =>
            {
                if (step.Command is not VerifyCode verify || !step.Decision.Succeeded)
                {
                    return;
                }

                Assert.True(accepted.Add(verify.Code), $"code {verify.Code} accepted twice");
                Assert.Equal(step.LastIssuedCode, verify.Code);
                var challenge = step.Before.Challenge(verify.Target)!;
                Assert.True(step.At < challenge.ExpiresAt);
                Assert.True(challenge.FailedAttempts < step.Options.Codes.MaxFailedAttemptsPerDestination);
                Assert.True(step.Decision.Case.Challenge(verify.Target)!.Verified);
                Assert.Null(step.Decision.Case.Challenge(verify.Target)!.CodeHash);
            });
        });
    }

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property No_authenticator_step_is_accepted_twice_in_generated_runs()
    {
        return Prop.ForAll(Scenarios.Arbitrary, scenario =>
        {
            var accepted = new HashSet<long>();
            ScenarioRun.Play(scenario, step =>
            {
                if (step.Command is not VerifyAuthenticator || !step.Decision.Succeeded)
                {
                    return;
                }

                var matched = step.Decision.Case.LastAcceptedTotpStep!.Value;
                Assert.True(accepted.Add(matched), $"step {matched} accepted twice");
                Assert.True(matched > (step.Before.LastAcceptedTotpStep ?? long.MinValue));
                Assert.InRange(matched - Authenticator.StepAt(step.At), -1, 1);
            });
        });
    }

    /// <summary>One authenticator attempt: how long to wait first, and which step's code to enter.</summary>
    internal readonly record struct TotpAttempt(int WaitSeconds, int StepOffset);

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Across_an_accounts_cases_no_authenticator_step_is_accepted_twice()
    {
        var attempts =
            from wait in Gen.Choose(0, 45)
            from offset in Gen.Choose(-2, 2)
            select new TotpAttempt(wait, offset);
        var runs = Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(attempts, n));

        return Prop.ForAll(Arb.From(runs), run =>
        {
            var options = TestSecrets.Options();
            var decider = new CaseDecider(options, new RecordingCodeGenerator());
            var account = AccountBuilder.Default().Build();
            var now = TestClock.Start;
            long? lastAccepted = null;
            var accepted = new HashSet<long>();
            ResetCase? current = null;
            var caseNumber = 0;

            foreach (var attempt in run)
            {
                now += TimeSpan.FromSeconds(attempt.WaitSeconds);
                if (current is null || current.State != CaseState.VerifyingItems || current.AuthenticatorFailures >= options.Authenticator.MaxFailures)
                {
                    var id = new CaseId(new Guid(++caseNumber, 7, 7, [0, 0, 0, 0, 0, 0, 0, 1]));
                    current = decider.Open(id, account, Channel.Web, EntryPoint.LoggedIn, now, lastAccepted).Case;
                    current = decider.Decide(current, new SelectItems(SecurityItems.Email | SecurityItems.Phone), Actor(account), now).Case;
                }

                var code = Authenticator.CodeAt(now + TimeSpan.FromSeconds(30 * attempt.StepOffset));
                var decision = decider.Decide(current, new VerifyAuthenticator(code), Actor(account), now, TestSecrets.AuthenticatorSecret);
                if (decision.Succeeded)
                {
                    var step = decision.Case.LastAcceptedTotpStep!.Value;
                    Assert.True(accepted.Add(step), $"step {step} accepted twice");
                    Assert.True(step > (lastAccepted ?? long.MinValue));
                    lastAccepted = step;
                }
                else if (decision.Error?.Code == ErrorCodes.CodeReplayed)
                {
                    // A replay is a code of the window at or before the last accepted step.
                    Assert.NotNull(lastAccepted);
                    Assert.True(Authenticator.StepAt(now) - options.Authenticator.WindowSteps <= lastAccepted);
                }

                current = decision.Case;
            }
        });
    }

    private static SecurityReset.Actor Actor(AccountSnapshot account) => SecurityReset.Actor.Applicant(account.AccountId);
}
