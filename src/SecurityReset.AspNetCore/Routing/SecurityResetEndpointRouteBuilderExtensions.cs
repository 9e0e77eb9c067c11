using Microsoft.AspNetCore.Routing;
using SecurityReset.AspNetCore.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the SecurityReset endpoints (register their services with <c>AddSecurityResetApi</c> first).</summary>
public static class SecurityResetEndpointRouteBuilderExtensions
{
    /// <summary>The default prefix of the applicant's endpoints.</summary>
    public const string DefaultPrefix = "/security-reset";

    /// <summary>The default prefix of the reviewer's endpoints.</summary>
    public const string DefaultReviewPrefix = "/security-reset/review";

    /// <summary>
    /// Maps the applicant's endpoints under <paramref name="prefix"/>: <c>POST cases</c>, <c>GET case</c>, the steps under
    /// <c>case/…</c> and <c>POST disputes</c>. They allow anonymous callers: the case handle in <c>X-Reset-Case</c> is
    /// what holds a case, and a signed-in open takes the account from the principal.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The group, for further conventions.</returns>
    public static RouteGroupBuilder MapSecurityResetApi(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return ApplicantEndpoints.Map(endpoints, prefix);
    }

    /// <summary>
    /// Maps the reviewer's endpoints under <paramref name="prefix"/>, each requiring the host's authorization
    /// <paramref name="policy"/>: <c>GET queue</c>, <c>GET cases/{caseId}</c> and <c>POST cases/{caseId}/claim</c>,
    /// <c>approve</c>, <c>reject</c>, <c>request-information</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="policy">The name of the host's authorization policy for reviewers.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The group, for further conventions.</returns>
    public static RouteGroupBuilder MapSecurityResetReviewApi(this IEndpointRouteBuilder endpoints, string policy, string prefix = DefaultReviewPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(policy);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return ReviewEndpoints.Map(endpoints, prefix, policy);
    }
}
