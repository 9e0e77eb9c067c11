using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using SecurityReset.AspNetCore.Problems;

namespace SecurityReset.AspNetCore.RateLimiting;

/// <summary>
/// A rate-limiter policy with a fixed window per partition, the partition drawn from the request (the client address,
/// the case the handle names); a request without a partition is not counted. A refused request is answered with a
/// 429 problem (<c>request.rate_limited</c>) and <c>Retry-After</c>.
/// </summary>
internal sealed class KeyedPolicy(SecurityResetRateLimit limit, Func<HttpContext, string?> partition) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        limit.Enabled && partition(httpContext) is { } key
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => AbuseGuards.Window(limit))
            : RateLimitPartition.GetNoLimiter(string.Empty);

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        TimeSpan? wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await ResetProblems.RateLimited(http, wait).ExecuteAsync(http).ConfigureAwait(false);
    }
}
