using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.Hosting;

namespace SecurityReset.AspNetCore.HealthChecks;

/// <summary>
/// Reports on the background jobs: the registration's failure status when they are not running, when their last pass
/// threw, or when no pass has succeeded within <see cref="SecurityResetHealthCheckOptions.MaxPassAge"/>; healthy
/// otherwise. A failure is named by its exception type only.
/// </summary>
internal sealed class SecurityResetHealthCheck(BackgroundJobsHealth jobs, TimeProvider time, IOptionsMonitor<SecurityResetHealthCheckOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        var maxPassAge = options.Get(context.Registration.Name).MaxPassAge;
        var state = jobs.Current;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["lastSuccessAt"] = state.LastSuccessAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never",
            ["maxPassAge"] = maxPassAge.ToString("c", CultureInfo.InvariantCulture),
        };
        if (state.LastFailureType is { } type)
        {
            data["lastFailureType"] = type;
        }

        if (state.StartedAt is not { } started)
        {
            return Result(failure, "The SecurityReset background jobs are not running (AddSecurityResetBackgroundJobs registers them).", data);
        }

        if (state.LastPassFailed)
        {
            return Result(failure, $"The last SecurityReset background pass failed with {state.LastFailureType}; the next pass tries again.", data);
        }

        var age = time.GetUtcNow() - (state.LastSuccessAt ?? started);
        if (age > maxPassAge)
        {
            return Result(failure, string.Create(CultureInfo.InvariantCulture,
                $"No SecurityReset background pass has succeeded for {age.TotalSeconds:0} seconds (at most {maxPassAge.TotalSeconds:0} allowed)."), data);
        }

        return Result(HealthStatus.Healthy, state.LastSuccessAt is null
            ? "The SecurityReset background jobs started; their first pass is under way."
            : string.Create(CultureInfo.InvariantCulture, $"The last SecurityReset background pass succeeded {age.TotalSeconds:0} seconds ago."), data);
    }

    private static Task<HealthCheckResult> Result(HealthStatus status, string description, Dictionary<string, object> data) =>
        Task.FromResult(new HealthCheckResult(status, description, exception: null, data));
}
