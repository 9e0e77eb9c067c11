using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Verification;

public sealed class TotpCheckerTests
{
    private static readonly DateTimeOffset Now = TestClock.Start + TimeSpan.FromSeconds(12);

    [Theory]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public void A_window_of_one_step_accepts_the_neighbouring_steps_only(int secondsOff, bool accepted)
    {
        var at = Now + TimeSpan.FromSeconds(secondsOff);

        var matched = TotpChecker.TryMatch(TestSecrets.AuthenticatorSecret, Authenticator.CodeAt(at), Now, TimeSpan.FromSeconds(30), 1, out var step);

        Assert.Equal(accepted, matched);
        if (accepted)
        {
            Assert.Equal(Authenticator.StepAt(at), step);
        }
    }

    [Fact]
    public void A_window_of_zero_accepts_the_current_step_only()
    {
        var step = TimeSpan.FromSeconds(30);

        Assert.True(TotpChecker.TryMatch(TestSecrets.AuthenticatorSecret, Authenticator.CodeAt(Now), Now, step, 0, out _));
        Assert.False(TotpChecker.TryMatch(TestSecrets.AuthenticatorSecret, Authenticator.CodeAt(Now + step), Now, step, 0, out _));
    }

    [Fact]
    public void It_agrees_with_the_rfc_6238_sha1_test_vector()
    {
        // RFC 6238 appendix B: T = 59 s, SHA-1 seed "12345678901234567890", 8 digits 94287082 → 6 digits 287082.
        var at = DateTimeOffset.FromUnixTimeSeconds(59);

        Assert.True(TotpChecker.TryMatch(TestSecrets.AuthenticatorSecret, "287082", at, TimeSpan.FromSeconds(30), 0, out var step));
        Assert.Equal(1, step);
    }

    [Fact]
    public void The_offset_the_time_is_given_in_does_not_matter()
    {
        var code = Authenticator.CodeAt(Now);

        Assert.True(TotpChecker.TryMatch(TestSecrets.AuthenticatorSecret, code, Now.ToOffset(TimeSpan.FromHours(-9)), TimeSpan.FromSeconds(30), 0, out _));
    }
}
