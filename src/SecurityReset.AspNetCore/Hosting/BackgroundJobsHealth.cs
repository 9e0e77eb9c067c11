namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// What each background job last did, for the health check: when it started, when a pass last succeeded, whether the
/// last pass threw (by its exception type only), and since when the outbox has been claimed without anything settling.
/// One per service provider; the jobs write, the check reads.
/// </summary>
internal sealed class BackgroundJobsHealth
{
    /// <summary>The outbox dispatcher.</summary>
    public const string Outbox = "outbox";

    /// <summary>Case expiry and review deadlines.</summary>
    public const string Expiry = "expiry";

    /// <summary>Applying approved resets after their window.</summary>
    public const string Resets = "resets";

    /// <summary>Purging the personal data of ended cases past their retention.</summary>
    public const string Purge = "purge";

    /// <summary>Every job <c>AddSecurityResetBackgroundJobs</c> runs.</summary>
    public static readonly IReadOnlyList<string> Jobs = [Outbox, Expiry, Resets, Purge];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Snapshot> _jobs = new(StringComparer.Ordinal);
    private DateTimeOffset? _outboxStalledSince;

    /// <summary>One job's state as of now; never started when unknown.</summary>
    public Snapshot this[string job]
    {
        get
        {
            lock (_gate)
            {
                return _jobs.GetValueOrDefault(job) ?? new Snapshot(null, null, false, null, TimeSpan.Zero);
            }
        }
    }

    /// <summary>Since when dispatch passes have claimed messages and settled none; <see langword="null"/> once a pass settles one.</summary>
    public DateTimeOffset? OutboxStalledSince
    {
        get
        {
            lock (_gate)
            {
                return _outboxStalledSince;
            }
        }
    }

    /// <summary>A job started at <paramref name="at"/>, passing every <paramref name="interval"/> at most; nothing has passed or failed yet.</summary>
    public void Started(string job, DateTimeOffset at, TimeSpan interval) => Set(job, _ => new Snapshot(at, null, false, null, interval));

    /// <summary>A job stopped with the host.</summary>
    public void Stopped(string job) => Set(job, s => s with { StartedAt = null });

    /// <summary>A pass of a job completed at <paramref name="at"/>.</summary>
    public void Succeeded(string job, DateTimeOffset at) => Set(job, s => s with { LastSuccessAt = at, LastPassFailed = false, LastFailureType = null });

    /// <summary>A pass of a job threw an exception of the type named <paramref name="exceptionType"/>.</summary>
    public void Failed(string job, string exceptionType) => Set(job, s => s with { LastPassFailed = true, LastFailureType = exceptionType });

    /// <summary>A dispatch pass at <paramref name="at"/> claimed and settled this many messages.</summary>
    public void Dispatched(DispatchOutcome outcome, DateTimeOffset at)
    {
        lock (_gate)
        {
            // A pass that claims nothing leaves the verdict alone: failed messages wait out their backoff in between.
            if (outcome.Settled > 0)
            {
                _outboxStalledSince = null;
            }
            else if (outcome.Claimed > 0)
            {
                _outboxStalledSince ??= at;
            }
        }
    }

    private void Set(string job, Func<Snapshot, Snapshot> change)
    {
        lock (_gate)
        {
            _jobs[job] = change(_jobs.GetValueOrDefault(job) ?? new Snapshot(null, null, false, null, TimeSpan.Zero));
        }
    }

    /// <summary>One job's state at one moment.</summary>
    /// <param name="StartedAt">When the running job started; <see langword="null"/> when it is not running.</param>
    /// <param name="LastSuccessAt">When a pass last completed.</param>
    /// <param name="LastPassFailed">Whether the last pass threw.</param>
    /// <param name="LastFailureType">The type name of the exception the last pass threw.</param>
    /// <param name="Interval">The longest wait between the job's passes.</param>
    internal sealed record Snapshot(DateTimeOffset? StartedAt, DateTimeOffset? LastSuccessAt, bool LastPassFailed, string? LastFailureType, TimeSpan Interval);
}
