using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OtpNet;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Verification;

/// <summary>
/// The authenticator check for generated secrets, clocks, steps and windows: the window, clock skew within and outside
/// it, replays, and the failure limit, each checked against Otp.NET (and Otp.NET against the RFC 6238 test vectors).
/// </summary>
public sealed class AuthenticatorProperties
{
    private const int Runs = 150;

    /// <summary>RFC 6238 appendix B, SHA-1 rows: the time in Unix seconds and the 8-digit TOTP of the seed "12345678901234567890".</summary>
    private static readonly (long UnixSeconds, string Totp8)[] Rfc6238Sha1 =
    [
        (59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"),
        (1234567890, "89005924"), (2000000000, "69279037"), (20000000000, "65353130"),
    ];

    /// <summary>An authenticator secret, a clock, and authenticator options within their declared ranges.</summary>
    internal sealed record Setup(byte[] Secret, DateTimeOffset Now, int StepSeconds, int Window, int MaxFailures)
    {
        public long CurrentStep => Now.ToUnixTimeSeconds() / StepSeconds;

        public TimeSpan Step => TimeSpan.FromSeconds(StepSeconds);

        /// <summary>The code of a step, by Otp.NET.</summary>
        public string CodeOfStep(long step) =>
            new Totp(Secret, StepSeconds).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);

        /// <summary>The steps of the window around now whose code is <paramref name="code"/>.</summary>
        public long[] StepsInWindowWith(string code) =>
            [.. Enumerable.Range(-Window, (2 * Window) + 1).Select(j => CurrentStep + j).Where(s => CodeOfStep(s) == code)];

        /// <summary>A six-digit code no step of the window has.</summary>
        public string WrongCode()
        {
            for (var candidate = (int.Parse(CodeOfStep(CurrentStep), CultureInfo.InvariantCulture) + 1) % 1_000_000; ; candidate = (candidate + 1) % 1_000_000)
            {
                var code = candidate.ToString("D6", CultureInfo.InvariantCulture);
                if (StepsInWindowWith(code).Length == 0)
                {
                    return code;
                }
            }
        }

        public SecurityResetOptions Options()
        {
            var options = TestSecrets.Options();
            options.Authenticator.Step = Step;
            options.Authenticator.WindowSteps = Window;
            options.Authenticator.MaxFailures = MaxFailures;
            return options;
        }

        /// <summary>A case whose authenticator remains to verify (the email was lost), opened now.</summary>
        public CaseHarness Verifying(long? lastAcceptedStep = null)
        {
            var harness = new CaseHarness(options: Options(), start: Now, lastAcceptedTotpStep: lastAcceptedStep);
            harness.SelectItems(SecurityItems.Email);
            return harness;
        }

        public Decision Verify(CaseHarness harness, string code) => Verify(harness, harness.Case, code);

        /// <summary>Decides the code against a saved snapshot of the harness's case, with the generated secret.</summary>
        public Decision Verify(CaseHarness harness, ResetCase saved, string code) =>
            harness.Decider.Decide(saved, new VerifyAuthenticator(code), harness.Applicant, harness.Now, Secret);
    }

    private static readonly Gen<byte[]> Secrets =
        from length in Gen.Choose(10, 64)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    private static readonly Gen<Setup> Setups =
        from secret in Secrets
        from seconds in Gen.Choose(0, 1_900_000_000)
        from millis in Gen.Choose(0, 999)
        from step in Gen.Choose((int)OptionCatalog.AuthenticatorStep.Minimum.TotalSeconds, (int)OptionCatalog.AuthenticatorStep.Maximum.TotalSeconds)
        from window in Gen.Choose(OptionCatalog.AuthenticatorWindowSteps.Minimum, OptionCatalog.AuthenticatorWindowSteps.Maximum)
        from failures in Gen.Choose(OptionCatalog.AuthenticatorMaxFailures.Minimum, OptionCatalog.AuthenticatorMaxFailures.Maximum)
        select new Setup(secret, TestClock.Start + TimeSpan.FromSeconds(seconds) + TimeSpan.FromMilliseconds(millis), step, window, failures);

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property The_checker_accepts_exactly_the_codes_otp_net_computes_for_the_steps_of_the_window() =>
        Prop.ForAll(Arb.From(from s in Setups from offset in Gen.Choose(-4, 4) select (Setup: s, Offset: offset)), input =>
        {
            var s = input.Setup;
            var code = s.CodeOfStep(s.CurrentStep + input.Offset);
            var steps = s.StepsInWindowWith(code);

            var matched = TotpChecker.TryMatch(s.Secret, code, s.Now, s.Step, s.Window, out var matchedStep);

            Assert.Equal(steps.Length > 0, matched);
            Assert.Equal(Math.Abs(input.Offset) <= s.Window || steps.Length > 0, matched);
            if (matched)
            {
                Assert.Contains(matchedStep, steps);
            }
        });

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property The_rfc_6238_sha1_vectors_match_within_the_window_and_not_outside_it() =>
        Prop.ForAll(
            Arb.From(
                from vector in Gen.Choose(0, Rfc6238Sha1.Length - 1)
                from window in Gen.Choose(0, 2)
                from skew in Gen.Choose(-150, 150)
                select (Vector: Rfc6238Sha1[vector], Window: window, Skew: skew)),
            input =>
            {
                var seed = TestSecrets.AuthenticatorSecret;
                var at = DateTimeOffset.FromUnixTimeSeconds(input.Vector.UnixSeconds);
                Assert.Equal(input.Vector.Totp8, new Totp(seed, totpSize: 8).ComputeTotp(at.UtcDateTime));
                var setup = new Setup(seed, at + TimeSpan.FromSeconds(input.Skew), 30, input.Window, 5);
                var code = input.Vector.Totp8[2..];

                var matched = TotpChecker.TryMatch(seed, code, setup.Now, setup.Step, input.Window, out var step);

                var vectorStep = input.Vector.UnixSeconds / 30;
                var within = Math.Abs(setup.CurrentStep - vectorStep) <= input.Window;
                Assert.Equal(within || setup.StepsInWindowWith(code).Length > 0, matched);
                if (within && setup.StepsInWindowWith(code).Length == 1)
                {
                    Assert.Equal(vectorStep, step);
                }
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_code_from_a_skewed_clock_verifies_within_the_window_and_counts_a_failure_outside_it() =>
        Prop.ForAll(Arb.From(from s in Setups from skew in Gen.Choose(-400, 400) select (Setup: s, Skew: skew)), input =>
        {
            var s = input.Setup;
            var harness = s.Verifying();
            var phoneClock = s.Now + TimeSpan.FromSeconds(input.Skew);
            var code = new Totp(s.Secret, s.StepSeconds).ComputeTotp(phoneClock.UtcDateTime);
            var before = harness.Case;

            var decision = s.Verify(harness, code);

            var off = (phoneClock.ToUnixTimeSeconds() / s.StepSeconds) - s.CurrentStep;
            if (Math.Abs(off) <= s.Window || s.StepsInWindowWith(code).Length > 0)
            {
                Assert.True(decision.Succeeded, decision.Error?.Code);
                Assert.Contains(decision.Case.LastAcceptedTotpStep!.Value, s.StepsInWindowWith(code));
                Assert.Equal(SecurityItems.Authenticator, decision.Case.VerifiedItems & SecurityItems.Authenticator);
            }
            else
            {
                DecisionAssert.CountedFailure(decision, ErrorCodes.CodeInvalid, before);
                Assert.Equal(1, decision.Case.AuthenticatorFailures);
                Assert.Equal(SecurityItems.None, decision.Case.VerifiedItems);
            }
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_step_at_or_before_the_last_accepted_one_is_refused_as_a_replay_in_this_case_and_the_next() =>
        Prop.ForAll(
            Arb.From(
                from s in Setups
                from last in Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(-3, 3).Select(d => (int?)d)))
                from offset in Gen.Choose(-s.Window, s.Window)
                select (Setup: s, LastOffset: last, Offset: offset)),
            input =>
            {
                var s = input.Setup;
                var last = s.CurrentStep + input.LastOffset;
                var harness = s.Verifying(last);
                var code = s.CodeOfStep(s.CurrentStep + input.Offset);
                var newest = s.StepsInWindowWith(code).Max();
                var before = harness.Case;

                var decision = s.Verify(harness, code);

                if (newest > (last ?? long.MinValue))
                {
                    Assert.True(decision.Succeeded, decision.Error?.Code);
                    var accepted = decision.Case.LastAcceptedTotpStep!.Value;
                    Assert.True(accepted > (last ?? long.MinValue));

                    // The next case of the account carries the accepted step: the same code is a replay there.
                    var next = s.Verifying(accepted);
                    var again = next.Case;
                    var replay = s.Verify(next, code);
                    DecisionAssert.CountedFailure(replay, ErrorCodes.CodeReplayed, again);
                    Assert.Equal(accepted, replay.Case.LastAcceptedTotpStep);
                }
                else
                {
                    DecisionAssert.CountedFailure(decision, ErrorCodes.CodeReplayed, before);
                    Assert.Equal(1, decision.Case.AuthenticatorFailures);
                    Assert.Equal(last, decision.Case.LastAcceptedTotpStep);
                    Assert.Equal(SecurityItems.None, decision.Case.VerifiedItems);
                }
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Wrong_authenticator_codes_close_the_check_at_the_limit_even_for_the_right_code() =>
        Prop.ForAll(Arb.From(from s in Setups from wrong in Gen.Choose(0, 12) select (Setup: s, Wrong: wrong)), input =>
        {
            var s = input.Setup;
            var harness = s.Verifying();
            var current = harness.Case;
            var wrongCode = s.WrongCode();

            for (var attempt = 1; attempt <= input.Wrong; attempt++)
            {
                var decision = s.Verify(harness, current, wrongCode);
                if (attempt <= s.MaxFailures)
                {
                    DecisionAssert.CountedFailure(decision, ErrorCodes.CodeInvalid, current);
                    Assert.Equal(attempt, decision.Case.AuthenticatorFailures);
                    current = decision.Case;
                }
                else
                {
                    DecisionAssert.Refused(decision, ErrorCodes.CodeAttemptsExhausted, current);
                }
            }

            var right = s.Verify(harness, current, s.CodeOfStep(s.CurrentStep));
            if (input.Wrong < s.MaxFailures)
            {
                Assert.True(right.Succeeded, right.Error?.Code);
            }
            else
            {
                DecisionAssert.Refused(right, ErrorCodes.CodeAttemptsExhausted, current);
            }
        });
}
