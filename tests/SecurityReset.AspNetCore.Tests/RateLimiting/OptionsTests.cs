using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.RateLimiting;

namespace SecurityReset.AspNetCore.Tests.RateLimiting;

public sealed class OptionsTests
{
    [Fact]
    public void The_options_bind_from_configuration_and_keep_the_documented_defaults_for_what_is_not_set()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SecurityResetApi:OpenPerIdentifier:PermitLimit"] = "3",
            ["SecurityResetApi:OpenPerIdentifier:Window"] = "00:30:00",
            ["SecurityResetApi:ReviewerIdClaimType"] = "employee_id",
            ["SecurityResetApi:CheckCodePolicy"] = "host-check",
        }).Build();
        using var provider = new ServiceCollection().AddSecurityResetApi(configuration.GetSection("SecurityResetApi")).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SecurityResetApiOptions>>().Value;

        Assert.Equal(3, options.OpenPerIdentifier.PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(30), options.OpenPerIdentifier.Window);
        Assert.Equal("employee_id", options.ReviewerIdClaimType);
        Assert.Equal("host-check", options.CheckCodePolicy);
        Assert.Equal(100, options.OpenPerClient.PermitLimit);
        Assert.Equal(TimeSpan.FromHours(1), options.OpenPerClient.Window);
        Assert.Equal(10, options.RequestCodePerCase.PermitLimit);
        Assert.Equal(5, options.RequestCodePerDestination.PermitLimit);
        Assert.Equal(20, options.CheckCodePerCase.PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(15), options.CheckCodePerCase.Window);
        Assert.Equal(SecurityResetApiOptions.DefaultOpenCasePolicy, options.OpenCasePolicy);
    }

    [Fact]
    public void A_partition_key_never_holds_the_identifier_and_ignores_letter_case_and_spaces()
    {
        var keys = new PartitionKeys();

        var key = keys.OfIdentifier("Someone@Example.test ");

        Assert.DoesNotContain("someone", key, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example", key, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(key, keys.OfIdentifier("someone@example.TEST"));
        Assert.NotEqual(key, new PartitionKeys().OfIdentifier("someone@example.test"));
    }
}
