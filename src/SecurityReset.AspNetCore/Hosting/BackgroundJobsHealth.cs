namespace SecurityReset.AspNetCore.Hosting;

/// <summary>
/// What the background jobs last did, for the health check: when the loop started, when a pass last succeeded, and
/// whether the last pass threw (by its exception type only). One per service provider; the jobs write, the check reads.
/// </summary>
internal sealed class BackgroundJobsHealth
{
    private readonly Lock _gate = new();
    private Snapshot _current = new(null, null, false, null);

    /// <summary>The state as of now.</summary>
    public Snapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The loop started at <paramref name="at"/>; nothing has passed or failed yet.</summary>
    public void Started(DateTimeOffset at) => Set(_ => new Snapshot(at, null, false, null));

    /// <summary>The loop stopped with the host.</summary>
    public void Stopped() => Set(s => s with { StartedAt = null });

    /// <summary>A pass completed at <paramref name="at"/>.</summary>
    public void Succeeded(DateTimeOffset at) => Set(s => s with { LastSuccessAt = at, LastPassFailed = false, LastFailureType = null });

    /// <summary>A pass threw an exception of the type named <paramref name="exceptionType"/>.</summary>
    public void Failed(string exceptionType) => Set(s => s with { LastPassFailed = true, LastFailureType = exceptionType });

    private void Set(Func<Snapshot, Snapshot> change)
    {
        lock (_gate)
        {
            _current = change(_current);
        }
    }

    /// <summary>The jobs' state at one moment.</summary>
    /// <param name="StartedAt">When the running loop started; <see langword="null"/> when it is not running.</param>
    /// <param name="LastSuccessAt">When a pass last completed.</param>
    /// <param name="LastPassFailed">Whether the last pass threw.</param>
    /// <param name="LastFailureType">The type name of the exception the last pass threw.</param>
    internal sealed record Snapshot(DateTimeOffset? StartedAt, DateTimeOffset? LastSuccessAt, bool LastPassFailed, string? LastFailureType);
}
