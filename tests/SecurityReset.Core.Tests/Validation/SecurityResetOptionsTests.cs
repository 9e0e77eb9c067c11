using SecurityReset.Tests.TestSupport;
using SecurityReset.Validation;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Validation;

public sealed class SecurityResetOptionsTests
{
    [Fact]
    public void The_defaults_with_a_key_are_valid_and_match_the_documented_rules()
    {
        var options = TestSecrets.Options();

        Assert.True(new SecurityResetOptionsValidator().Validate(options).IsValid);
        Assert.Equal(6, options.CodeLength);
        Assert.Equal(TimeSpan.FromMinutes(15), options.CodeLifetime);
        Assert.Equal(5, options.MaxFailedAttemptsPerDestination);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ResendCooldown);
        Assert.Equal(5, options.MaxCodesPerDestination);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TotpStep);
        Assert.Equal(1, options.TotpWindowSteps);
        Assert.Equal(5, options.MaxFaceScanFailures);
        Assert.Equal(TimeSpan.FromHours(72), options.CaseLifetime);
        Assert.Equal(TimeSpan.FromHours(24), options.WithdrawalProtection);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")]
    public void The_decider_refuses_a_missing_or_short_secret_key(string? key)
    {
        var options = new SecurityResetOptions { SecretKey = key };

        Assert.Throws<ArgumentException>(() => new CaseDecider(options));
    }

    [Fact]
    public void The_decider_refuses_out_of_range_rules()
    {
        var options = TestSecrets.Options();
        options.CodeLifetime = TimeSpan.FromSeconds(30);

        Assert.Throws<ArgumentException>(() => new CaseDecider(options));
    }
}
