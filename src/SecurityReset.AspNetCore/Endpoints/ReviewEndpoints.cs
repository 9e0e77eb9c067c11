using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using SecurityReset.AspNetCore.Problems;
using static SecurityReset.AspNetCore.Endpoints.EndpointSupport;
using ReviewResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<SecurityReset.ReviewerCaseView>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace SecurityReset.AspNetCore.Endpoints;

/// <summary>
/// The reviewer's endpoints, behind the host's authorization policy. The reviewer id is the principal's claim
/// (<see cref="SecurityResetApiOptions.ReviewerIdClaimType"/>), never a field of the body: a principal without it is
/// refused with 403 <c>actor.not_allowed</c>.
/// </summary>
internal static class ReviewEndpoints
{
    private delegate Task<ResetResult<ReviewerCaseView>> Decision<in TBody>(SecurityResetService service, CaseId caseId, string reviewerId, TBody body, string? key, CancellationToken cancellationToken);

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix, string policy)
    {
        var group = endpoints.MapGroup(prefix).WithTags("SecurityReset review").RequireAuthorization(policy)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status410Gone, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        group.MapGet("/queue", QueueAsync).WithName("SecurityResetReviewQueue").WithSummary("A page of the review queue, oldest submission first.");
        group.MapGet("/cases/{caseId}", GetAsync).WithName("SecurityResetGetCaseForReview").WithSummary("The reviewer's view of a case.");
        Decide<object>(group, "/cases/{caseId}/claim", "SecurityResetClaim", "Claims a submitted case.", (s, id, reviewer, _, key, ct) => s.ClaimAsync(id, reviewer, key, ct));
        Decide<object>(group, "/cases/{caseId}/approve", "SecurityResetApprove", "Approves the claimed case.", (s, id, reviewer, _, key, ct) => s.ApproveAsync(id, reviewer, key, ct));
        Decide<RejectBody>(group, "/cases/{caseId}/reject", "SecurityResetReject", "Rejects the claimed case with a reason code.", (s, id, reviewer, b, key, ct) =>
            s.RejectAsync(id, reviewer, b.ReasonCode ?? string.Empty, key, ct));
        Decide<RequestInformationBody>(group, "/cases/{caseId}/request-information", "SecurityResetRequestInformation",
            "Asks the applicant to amend named items and resubmit.", (s, id, reviewer, b, key, ct) =>
                s.RequestInformationAsync(id, reviewer, b.Items ?? AmendableItems.None, b.ReasonCode ?? string.Empty, key, ct));
        return group;
    }

    private static async Task<Results<Ok<ReviewQueuePage>, ProblemHttpResult>> QueueAsync(HttpContext http, SecurityResetService service, string? cursor, int? pageSize)
    {
        var result = await service.ListReviewQueueAsync(cursor, pageSize ?? 50, http.RequestAborted).ConfigureAwait(false);
        return result is { Succeeded: true, View: { } page } ? TypedResults.Ok(page) : ResetProblems.Of(http, result.Error!);
    }

    private static async Task<ReviewResult> GetAsync(HttpContext http, SecurityResetService service, string caseId)
    {
        if (!CaseId.TryParse(caseId, out var id))
        {
            return ResetProblems.Of(http, ErrorCodes.CaseNotFound, "No such case.");
        }

        // Opening a case is recorded on its trail under the signed-in reviewer's id.
        return ReviewerIdOf(http) is { } reviewerId
            ? Answer(http, await service.GetCaseForReviewAsync(id, reviewerId, http.RequestAborted).ConfigureAwait(false))
            : NoReviewerId(http);
    }

    private static void Decide<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, Decision<TBody> decision)
        where TBody : class
    {
        var endpoint = group.MapPost(pattern, (HttpContext http, string caseId, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey) =>
            DecideAsync(http, caseId, decision));
        if (typeof(TBody) != typeof(object))
        {
            endpoint.Accepts<TBody>("application/json");
        }

        endpoint.WithName(name).WithSummary(summary);
    }

    /// <summary>The reviewer id the host's principal carries (the claim the options name), never one from the request.</summary>
    private static string? ReviewerIdOf(HttpContext http) =>
        http.User.FindFirst(ApiOptions(http).ReviewerIdClaimType)?.Value is { Length: > 0 } id ? id : null;

    private static ProblemHttpResult NoReviewerId(HttpContext http) =>
        ResetProblems.Of(http, new ResetError(ErrorCodes.ActorNotAllowed, "The signed-in principal carries no reviewer id."), StatusCodes.Status403Forbidden);

    private static async Task<ReviewResult> DecideAsync<TBody>(HttpContext http, string caseId, Decision<TBody> decision)
        where TBody : class
    {
        if (ReviewerIdOf(http) is not { } reviewerId)
        {
            return NoReviewerId(http);
        }

        if (!CaseId.TryParse(caseId, out var id))
        {
            return ResetProblems.Of(http, ErrorCodes.CaseNotFound, "No such case.");
        }

        TBody body;
        if (typeof(TBody) == typeof(object))
        {
            body = (TBody)new object();
        }
        else if (await ReadAsync<TBody>(http).ConfigureAwait(false) is { } read)
        {
            body = read;
        }
        else
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "The body is not the JSON this endpoint takes.");
        }

        if (!TryIdempotencyKey(http, out var key))
        {
            return ResetProblems.Of(http, ErrorCodes.RequestInvalid, "Send at most one Idempotency-Key.");
        }

        var service = http.RequestServices.GetService(typeof(SecurityResetService)) as SecurityResetService
            ?? throw new InvalidOperationException("SecurityResetService is not registered: call AddSecurityReset.");
        return Answer(http, await decision(service, id, reviewerId, body, key, http.RequestAborted).ConfigureAwait(false));
    }

    private static ReviewResult Answer(HttpContext http, ResetResult<ReviewerCaseView> result) =>
        result is { Succeeded: true, View: { } view } ? TypedResults.Ok(view)
            : ResetProblems.Of(http, result.Error ?? new ResetError(ErrorCodes.CaseNotFound, "No such case."));
}
