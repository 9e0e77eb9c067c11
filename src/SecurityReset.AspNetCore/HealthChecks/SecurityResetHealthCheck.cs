using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.Hosting;

namespace SecurityReset.AspNetCore.HealthChecks;

/// <summary>
/// Reports on the background jobs: the registration's failure status when a job is not running, when a job's last pass
/// threw, when a job has gone longer than its interval plus <see cref="SecurityResetHealthCheckOptions.MaxPassAge"/>
/// without a successful pass, or when the outbox has been claimed without anything settling for longer than
/// <see cref="SecurityResetHealthCheckOptions.MaxOutboxStall"/>; healthy otherwise. A failure is named by its exception
/// type only.
/// </summary>
internal sealed class SecurityResetHealthCheck(BackgroundJobsHealth jobs, TimeProvider time, IOptionsMonitor<SecurityResetHealthCheckOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        var settings = options.Get(context.Registration.Name);
        var now = time.GetUtcNow();
        var states = BackgroundJobsHealth.Jobs.ToDictionary(job => job, job => jobs[job], StringComparer.Ordinal);
        var oldest = states.Values.Select(s => s.LastSuccessAt).Aggregate((DateTimeOffset?)DateTimeOffset.MaxValue, (a, b) => a is null || b is null ? null : (a < b ? a : b));
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["lastSuccessAt"] = Format(oldest),
            ["maxPassAge"] = settings.MaxPassAge.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (each, state) in states)
        {
            data[each + ".lastSuccessAt"] = Format(state.LastSuccessAt);
        }

        if (jobs.OutboxStalledSince is { } stalled)
        {
            data["outboxStalledSince"] = Format(stalled);
        }

        if (states.FirstOrDefault(s => s.Value.LastFailureType is not null) is { Key: { } failing, Value: var failed })
        {
            data["failingJob"] = failing;
            data["lastFailureType"] = failed.LastFailureType!;
        }

        if (states.FirstOrDefault(s => s.Value.StartedAt is null).Key is { } stopped)
        {
            return Result(failure, $"The SecurityReset background job '{stopped}' is not running (AddSecurityResetBackgroundJobs registers the jobs).", data);
        }

        if (states.FirstOrDefault(s => s.Value.LastPassFailed) is { Key: { } job, Value: var last })
        {
            return Result(failure, $"The last SecurityReset {job} pass failed with {last.LastFailureType}; the next pass tries again.", data);
        }

        foreach (var (name, state) in states)
        {
            var age = now - (state.LastSuccessAt ?? state.StartedAt!.Value);
            var allowed = state.Interval + settings.MaxPassAge;
            if (age > allowed)
            {
                return Result(failure, string.Create(CultureInfo.InvariantCulture,
                    $"No SecurityReset {name} pass has succeeded for {age.TotalSeconds:0} seconds (at most {allowed.TotalSeconds:0} allowed)."), data);
            }
        }

        if (jobs.OutboxStalledSince is { } since && now - since > settings.MaxOutboxStall)
        {
            return Result(failure, string.Create(CultureInfo.InvariantCulture,
                $"The SecurityReset outbox is stuck: for {(now - since).TotalSeconds:0} seconds every due message claimed has failed to deliver (at most {settings.MaxOutboxStall.TotalSeconds:0} allowed)."), data);
        }

        return Result(HealthStatus.Healthy, oldest is null
            ? "The SecurityReset background jobs started; their first passes are under way."
            : string.Create(CultureInfo.InvariantCulture, $"Every SecurityReset background job has passed; the oldest last pass was {(now - oldest.Value).TotalSeconds:0} seconds ago."), data);
    }

    private static string Format(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture) ?? "never";

    private static Task<HealthCheckResult> Result(HealthStatus status, string description, Dictionary<string, object> data) =>
        Task.FromResult(new HealthCheckResult(status, description, exception: null, data));
}
