using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.WebHost.Hosting;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Hosting;

/// <summary>The "SecurityReset" configuration section binds the grouped options by their paths.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void Grouped_options_bind_from_configuration_keys_that_follow_their_paths()
    {
        using var factory = new WebHostFactory().WithWebHostBuilder(builder => builder
            .UseSetting("SecurityReset:Codes:Lifetime", "00:05:00")
            .UseSetting("SecurityReset:Lockout:MaxFailuresPerFactor", "7")
            .UseSetting("SecurityReset:Evidence:MaxFileBytes", "65536")
            .UseSetting("SecurityReset:Evidence:AllowedFileMediaTypes:0", "image/webp")
            .UseSetting("SecurityReset:MaxConcurrencyRetries", "9"));

        var options = factory.Services.GetRequiredService<IOptions<SecurityResetOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(5), options.Codes.Lifetime);
        Assert.Equal(7, options.Lockout.MaxFailuresPerFactor);
        Assert.Equal(65536, options.Evidence.MaxFileBytes);
        Assert.Contains("image/webp", options.Evidence.AllowedFileMediaTypes);
        Assert.Contains("image/png", options.Evidence.AllowedFileMediaTypes);
        Assert.Equal(9, options.MaxConcurrencyRetries);
        Assert.Equal(TimeSpan.FromHours(72), options.Lifetimes.Case);
    }

    [Fact]
    public void The_package_s_background_jobs_are_hosted_with_the_sample_s_settings()
    {
        using var factory = new WebHostFactory().WithWebHostBuilder(builder => builder
            .UseSetting("WebHost:DeliveryIdleDelay", "00:00:02")
            .UseSetting("WebHost:ExpiryInterval", "00:10:00"));

        var settings = factory.Services.GetRequiredService<IOptions<WebHostOptions>>().Value;

        var jobs = factory.Services.GetServices<IHostedService>().Where(s => s.GetType().Namespace == "SecurityReset.AspNetCore.Hosting").ToList();
        Assert.Equal(4, jobs.Count); // outbox, expiry, resets, purge
        var api = factory.Services.GetRequiredService<IOptions<SecurityResetApiOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), api.DeliveryIdleDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), api.ExpiryInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.DeliveryIdleDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.ExpiryInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), new WebHostOptions().DeliveryIdleDelay);
    }

    [Fact]
    public void An_out_of_range_setting_stops_the_host_at_start_up_naming_the_option()
    {
        using var factory = new WebHostFactory().WithWebHostBuilder(builder => builder
            .UseSetting("SecurityReset:Lockout:MaxFailuresPerFactor", "101"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Equal(["Lockout.MaxFailuresPerFactor must be between 1 and 100; it is 101."], error.Failures);
    }
}
