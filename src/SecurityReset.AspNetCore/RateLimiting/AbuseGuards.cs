using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.RateLimiting;

/// <summary>
/// The guards keyed by what the request body says (the typed identifier of an open, the destination of a code
/// request): the rate-limiter middleware runs before the body is read, so the endpoints ask these themselves. Fixed
/// windows, keys from <see cref="PartitionKeys"/>. Thread-safe.
/// </summary>
internal sealed class AbuseGuards : IDisposable
{
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _limiters = new(StringComparer.Ordinal);
    private readonly SecurityResetApiOptions _options;

    public AbuseGuards(IOptions<SecurityResetApiOptions> options, PartitionKeys keys)
    {
        _options = options.Value;
        Keys = keys;
    }

    public PartitionKeys Keys { get; }

    /// <summary>Counts one open for a typed identifier.</summary>
    /// <returns><see langword="null"/> when allowed; otherwise how long to wait (zero when unknown).</returns>
    public TimeSpan? OpenForIdentifier(string identifier) =>
        Acquire(nameof(SecurityResetApiOptions.OpenPerIdentifier), _options.OpenPerIdentifier, Keys.OfIdentifier(identifier));

    /// <summary>Counts one code request for a destination of a case.</summary>
    /// <returns><see langword="null"/> when allowed; otherwise how long to wait (zero when unknown).</returns>
    public TimeSpan? RequestCodeForDestination(CaseId caseId, VerificationTarget target) =>
        Acquire(nameof(SecurityResetApiOptions.RequestCodePerDestination), _options.RequestCodePerDestination, Keys.Of("code-destination", $"{caseId}|{target}"));

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private TimeSpan? Acquire(string guard, SecurityResetRateLimit limit, string key)
    {
        if (!limit.Enabled)
        {
            return null;
        }

        var limiter = _limiters.GetOrAdd(guard, _ => Create(limit));
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
            : TimeSpan.Zero;
    }

    private static PartitionedRateLimiter<string> Create(SecurityResetRateLimit limit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(limit)));

    /// <summary>The fixed window of a guard: no queue, a request over the limit is refused at once.</summary>
    public static FixedWindowRateLimiterOptions Window(SecurityResetRateLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
