using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecurityReset.AspNetCore;
using SecurityReset.AspNetCore.HealthChecks;
using SecurityReset.AspNetCore.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the SecurityReset health check to the host's health checks.</summary>
public static class SecurityResetHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "securityreset";

    /// <summary>
    /// Adds a check on the background jobs of <c>AddSecurityResetBackgroundJobs</c>: it reports
    /// <paramref name="failureStatus"/> when the jobs are not running, when their last pass threw, or when no pass has
    /// succeeded within <see cref="SecurityResetHealthCheckOptions.MaxPassAge"/>, and healthy otherwise. A failure is
    /// named by its exception type only.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Sets the check's options (after any configuration binding of the options named <paramref name="name"/>).</param>
    /// <param name="name">The check's name, also the name of its options.</param>
    /// <param name="failureStatus">The status reported on failure; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags for filtering the checks an endpoint runs.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddSecurityReset(
        this IHealthChecksBuilder builder,
        Action<SecurityResetHealthCheckOptions>? configure = null,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<BackgroundJobsHealth>();
        var options = builder.Services.AddOptions<SecurityResetHealthCheckOptions>(name)
            .Validate(o => o.MaxPassAge > TimeSpan.Zero, "SecurityResetHealthCheckOptions.MaxPassAge must be positive.");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp => ActivatorUtilities.CreateInstance<SecurityResetHealthCheck>(sp),
            failureStatus,
            tags));
    }
}
