using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>
/// The code rules (lifetime, wrong attempts, resend cooldown, sends per destination, single use, length) for generated
/// clocks and generated option values, each drawn from the range its option declares.
/// </summary>
public sealed class CodeRuleProperties
{
    private const int Runs = 150;
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>A start instant and code options, every value within its option's declared range.</summary>
    internal sealed record CodeSettings(DateTimeOffset Start, int Length, TimeSpan Lifetime, int MaxFailedAttempts, TimeSpan Cooldown, int MaxSends)
    {
        public SecurityResetOptions Options()
        {
            var options = TestSecrets.Options();
            options.Codes.Length = Length;
            options.Codes.Lifetime = Lifetime;
            options.Codes.MaxFailedAttemptsPerDestination = MaxFailedAttempts;
            options.Codes.ResendCooldown = Cooldown;
            options.Codes.MaxPerDestination = MaxSends;
            Assert.True(new SecurityResetOptionsValidator().Validate(options).IsValid);
            return options;
        }

        /// <summary>A case verifying its bound email and phone (the authenticator lost).</summary>
        public CaseHarness Verifying()
        {
            var harness = new CaseHarness(options: Options(), start: Start);
            harness.SelectItems(SecurityItems.Authenticator);
            return harness;
        }
    }

    private static Gen<int> In(RangeOption<int> option) => Gen.Choose(option.Minimum, option.Maximum);

    /// <summary>Whole seconds within the range, its ends included.</summary>
    private static Gen<TimeSpan> In(RangeOption<TimeSpan> option) =>
        Gen.Frequency(
            (1, Gen.Elements(option.Minimum, option.Maximum)),
            (4, Gen.Choose(0, (int)(option.Maximum - option.Minimum).TotalSeconds).Select(s => option.Minimum + TimeSpan.FromSeconds(s))));

    /// <summary>Any instant over about 60 years from the test epoch, to the tick.</summary>
    private static readonly Gen<DateTimeOffset> Starts =
        from seconds in Gen.Choose(0, 1_900_000_000)
        from ticks in Gen.Choose(0, (int)TicksPerSecond - 1)
        select TestClock.Start + TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(ticks);

    private static readonly Gen<CodeSettings> Settings =
        from start in Starts
        from length in In(OptionCatalog.CodeLength)
        from lifetime in In(OptionCatalog.CodeLifetime)
        from attempts in In(OptionCatalog.CodeMaxFailedAttemptsPerDestination)
        from cooldown in In(OptionCatalog.CodeResendCooldown)
        from sends in In(OptionCatalog.CodeMaxPerDestination)
        select new CodeSettings(start, length, lifetime, attempts, cooldown, sends);

    /// <summary>A wait measured from an instant: mostly within two seconds of <paramref name="limit"/>, to the tick, else anywhere up to twice it.</summary>
    private static Gen<TimeSpan> Around(TimeSpan limit) =>
        Gen.Frequency(
            (2, Gen.Choose(-2 * (int)TicksPerSecond, 2 * (int)TicksPerSecond).Select(t => limit + TimeSpan.FromTicks(t))),
            (1, Gen.Elements(limit, limit - TimeSpan.FromTicks(1))),
            (2, Gen.Choose(0, 1 + (2 * (int)limit.TotalSeconds)).Select(s => TimeSpan.FromSeconds(s))))
        .Where(wait => wait >= TimeSpan.Zero);

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_code_is_accepted_strictly_before_its_lifetime_ends_and_refused_as_expired_from_then_on_without_a_failure() =>
        Prop.ForAll(Arb.From(from s in Settings from wait in Around(s.Lifetime) select (Settings: s, Wait: wait)), input =>
        {
            var harness = input.Settings.Verifying();
            var issued = harness.Accept(new RequestCode(VerificationTarget.BoundEmail)).IssuedCode!;
            Assert.Equal(harness.Now + input.Settings.Lifetime, issued.ExpiresAt);
            harness.Wait(input.Wait);
            var before = harness.Case;

            var decision = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, issued.Code));

            if (input.Wait < input.Settings.Lifetime)
            {
                Assert.True(decision.Succeeded, decision.Error?.Code);
                Assert.Equal(SecurityItems.Email, decision.Case.VerifiedItems & SecurityItems.Email);
            }
            else
            {
                DecisionAssert.Refused(decision, ErrorCodes.CodeExpired, before);
                Assert.Equal(0, harness.Case.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
            }
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Wrong_codes_count_up_to_the_limit_which_burns_the_code_and_the_right_code_works_only_below_it() =>
        Prop.ForAll(Arb.From(from s in Settings from wrong in Gen.Choose(0, 12) select (Settings: s, Wrong: wrong)), input =>
        {
            var harness = input.Settings.Verifying();
            var limit = input.Settings.MaxFailedAttempts;
            var code = harness.RequestCode(VerificationTarget.BoundEmail);

            for (var attempt = 1; attempt <= input.Wrong; attempt++)
            {
                var before = harness.Case;
                var decision = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, RecordingCodeGenerator.Wrong(code)));
                if (attempt <= limit)
                {
                    DecisionAssert.CountedFailure(decision, ErrorCodes.CodeInvalid, before);
                    var challenge = decision.Case.Challenge(VerificationTarget.BoundEmail)!;
                    Assert.Equal(attempt, challenge.FailedAttempts);
                    Assert.Equal(attempt == limit, challenge.CodeHash is null);
                }
                else
                {
                    DecisionAssert.Refused(decision, ErrorCodes.CodeAttemptsExhausted, before);
                }
            }

            var beforeRight = harness.Case;
            var right = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, code));
            if (input.Wrong < limit)
            {
                Assert.True(right.Succeeded, right.Error?.Code);
            }
            else
            {
                DecisionAssert.Refused(right, ErrorCodes.CodeAttemptsExhausted, beforeRight);
                DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.CodeAttemptsExhausted, beforeRight);
            }
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_resend_to_a_destination_is_refused_within_the_cooldown_and_accepted_from_its_end_and_the_other_destination_is_never_held() =>
        Prop.ForAll(Arb.From(from s in Settings from wait in Around(s.Cooldown) select (Settings: s with { MaxSends = Math.Max(2, s.MaxSends) }, Wait: wait)), input =>
        {
            var harness = input.Settings.Verifying();
            var first = harness.RequestCode(VerificationTarget.BoundEmail);
            harness.Wait(input.Wait);
            var before = harness.Case;

            var resend = harness.Send(new RequestCode(VerificationTarget.BoundEmail));

            if (input.Wait >= input.Settings.Cooldown)
            {
                Assert.True(resend.Succeeded, resend.Error?.Code);
                Assert.NotEqual(first, resend.IssuedCode!.Code);
                Assert.Equal(2, resend.Case.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
                Assert.Equal(harness.Now, resend.Case.Challenge(VerificationTarget.BoundEmail)!.IssuedAt);
            }
            else
            {
                DecisionAssert.Refused(resend, ErrorCodes.CodeResendTooSoon, before);
            }

            Assert.True(harness.Send(new RequestCode(VerificationTarget.BoundPhone)).Succeeded);
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_destination_receives_at_most_its_codes_per_case_however_long_the_applicant_waits() =>
        Prop.ForAll(Arb.From(from s in Settings from requests in Gen.Choose(1, 24) select (Settings: s, Requests: requests)), input =>
        {
            var harness = input.Settings.Verifying();
            for (var request = 1; request <= input.Requests; request++)
            {
                var before = harness.Case;
                var decision = harness.Send(new RequestCode(VerificationTarget.BoundPhone));
                if (request <= input.Settings.MaxSends)
                {
                    Assert.True(decision.Succeeded, decision.Error?.Code);
                    Assert.Equal(request, decision.Case.Challenge(VerificationTarget.BoundPhone)!.CodesIssued);
                }
                else
                {
                    DecisionAssert.Refused(decision, ErrorCodes.CodeSendLimitReached, before);
                }

                harness.Wait(input.Settings.Cooldown);
            }
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_code_verifies_once_and_only_its_own_destination() =>
        Prop.ForAll(
            Arb.From(
                from s in Settings
                from target in Gen.Elements(VerificationTarget.BoundEmail, VerificationTarget.BoundPhone)
                from fraction in Gen.Choose(0, 99)
                select (Settings: s, Target: target, Wait: TimeSpan.FromTicks(s.Lifetime.Ticks / 100 * fraction))),
            input =>
            {
                var harness = input.Settings.Verifying();
                var other = input.Target == VerificationTarget.BoundEmail ? VerificationTarget.BoundPhone : VerificationTarget.BoundEmail;
                var code = harness.RequestCode(input.Target);
                harness.RequestCode(other);
                harness.Wait(input.Wait);

                // The code of one destination is wrong for the other.
                var crossed = harness.Send(new VerifyCode(other, code));
                Assert.Equal(ErrorCodes.CodeInvalid, crossed.Error?.Code);

                var accepted = harness.Accept(new VerifyCode(input.Target, code));
                var spent = accepted.Case.Challenge(input.Target)!;
                Assert.True(spent.Verified);
                Assert.Null(spent.CodeHash);

                var before = harness.Case;
                var again = harness.Send(new VerifyCode(input.Target, code));
                Assert.False(again.Succeeded);
                Assert.False(again.Changed);
                Assert.Same(before, again.Case);
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property An_issued_code_has_the_configured_digits_and_a_code_of_another_length_is_refused_as_malformed_without_a_failure() =>
        Prop.ForAll(Arb.From(from s in Settings from typed in Gen.Choose(1, 12) select (Settings: s, Typed: typed)), input =>
        {
            var harness = input.Settings.Verifying();
            var code = harness.RequestCode(VerificationTarget.BoundEmail);
            Assert.Matches($"^[0-9]{{{input.Settings.Length}}}$", code);

            var typed = string.Concat(Enumerable.Repeat(code, 2))[..input.Typed];
            var before = harness.Case;
            var decision = harness.Send(new VerifyCode(VerificationTarget.BoundEmail, typed));

            if (input.Typed == input.Settings.Length)
            {
                Assert.True(decision.Succeeded, decision.Error?.Code);
            }
            else
            {
                DecisionAssert.Refused(decision, ErrorCodes.CodeMalformed, before);
            }
        });
}
