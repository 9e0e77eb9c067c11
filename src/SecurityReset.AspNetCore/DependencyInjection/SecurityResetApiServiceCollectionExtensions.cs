using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.AspNetCore.Credentials;
using SecurityReset.AspNetCore.Evidence;
using SecurityReset.AspNetCore.Hosting;
using SecurityReset.AspNetCore.Json;
using SecurityReset.AspNetCore.RateLimiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the SecurityReset endpoints need; the library itself is registered with <c>AddSecurityReset</c>.</summary>
public static class SecurityResetApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the endpoints' services: the options, Data Protection (the case handle's purpose is
    /// <c>SecurityReset.AspNetCore.CaseHandle.v1</c>) with <see cref="SecurityResetCaseHandles"/> and antiforgery (for the
    /// optional case cookie), the library's types in the HTTP JSON options, and the rate-limiter
    /// policies under their default names, the upload checks (<see cref="SecurityResetEvidenceUploads"/>) and an evidence
    /// resolver over the registered <see cref="SecurityReset.Ports.IEvidenceStore"/>. The host still calls <c>app.UseRateLimiter()</c> after routing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSecurityResetApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SecurityResetApiOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection();
        services.TryAddSingleton<CaseHandles>();
        services.TryAddSingleton(sp => new SecurityResetCaseHandles(sp.GetRequiredService<CaseHandles>(), sp.GetRequiredService<IOptions<SecurityResetApiOptions>>()));
        services.AddAntiforgery();
        services.TryAddSingleton<PartitionKeys>();
        services.TryAddSingleton<AbuseGuards>();
        services.TryAddSingleton<SecurityResetEvidenceUploads>();
        services.TryAddSingleton<ISecurityResetEvidenceResolver, StoredEvidenceResolver>();
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityResetApiOptions>, PartitionKeys>((limiter, api, keys) => AddPolicies(limiter, api.Value, keys));
        return services;
    }

    /// <summary>Registers the endpoints' services, with the options set in code (after any configuration binding).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSecurityResetApi(this IServiceCollection services, Action<SecurityResetApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SecurityResetApiOptions>().Configure(configure);
        return services.AddSecurityResetApi();
    }

    /// <summary>
    /// Registers the endpoints' services with the options bound from a configuration section; a later
    /// <c>services.Configure&lt;SecurityResetApiOptions&gt;(…)</c> changes them further.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, such as <c>configuration.GetSection("SecurityResetApi")</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSecurityResetApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SecurityResetApiOptions>().Bind(configuration);
        return services.AddSecurityResetApi();
    }

    /// <summary>
    /// Runs the library's jobs as four hosted services, each on its own interval: the outbox (<c>DispatchBatchAsync</c>)
    /// pass after pass, waiting <see cref="SecurityResetApiOptions.DeliveryIdleDelay"/> when a pass settled nothing; case
    /// expiry and review deadlines (<c>ExpireCasesAsync</c>) every <see cref="SecurityResetApiOptions.ExpiryInterval"/>;
    /// approved resets past their window (<c>ApplyApprovedResetsAsync</c>) every
    /// <see cref="SecurityResetApiOptions.ApplyResetsInterval"/>; the purge of ended cases past their retention
    /// (<c>PurgeAsync</c>, with their evidence files when an <c>IEvidenceStore</c> is registered) every
    /// <see cref="SecurityResetApiOptions.PurgeInterval"/>. A failing pass is logged by its exception type only and
    /// the job goes on; on stop no new pass starts and the one under way may finish within the host's shutdown timeout.
    /// <c>services.AddHealthChecks().AddSecurityReset()</c> reports on these jobs.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSecurityResetBackgroundJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SecurityResetApiOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackgroundJobsHealth>();
        services.AddHostedService<OutboxDispatchJob>();
        services.AddHostedService<CaseExpiryJob>();
        services.AddHostedService<ApprovedResetJob>();
        services.AddHostedService<PurgeJob>();
        return services;
    }

    /// <summary>The package's policies, each only under its default name: a host that names another policy registers that one itself.</summary>
    private static void AddPolicies(RateLimiterOptions limiter, SecurityResetApiOptions api, PartitionKeys keys)
    {
        if (api.OpenCasePolicy == SecurityResetApiOptions.DefaultOpenCasePolicy)
        {
            limiter.AddPolicy(api.OpenCasePolicy, new KeyedPolicy(api.OpenPerClient, http => keys.Of("client", Client(http))));
        }

        if (api.RequestCodePolicy == SecurityResetApiOptions.DefaultRequestCodePolicy)
        {
            limiter.AddPolicy(api.RequestCodePolicy, new KeyedPolicy(api.RequestCodePerCase, http => CaseKey(http, keys)));
        }

        if (api.CheckCodePolicy == SecurityResetApiOptions.DefaultCheckCodePolicy)
        {
            limiter.AddPolicy(api.CheckCodePolicy, new KeyedPolicy(api.CheckCodePerCase, http => CaseKey(http, keys)));
        }
    }

    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The case the handle (header or cookie) names; none (not counted here) for an unreadable handle, which the endpoint refuses.</summary>
    private static string? CaseKey(HttpContext http, PartitionKeys keys) =>
        http.RequestServices.GetRequiredService<SecurityResetCaseHandles>().TryReadRequest(http, out var access)
            ? keys.Of("case", access.CaseId.ToString())
            : null;
}
