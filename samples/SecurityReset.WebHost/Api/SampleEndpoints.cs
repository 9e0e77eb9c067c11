using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.WebHost.Demo;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Api;

/// <summary>
/// What the sample adds beside the package's applicant endpoints under <c>/api</c>: the terms version to accept and, in
/// Development, the demo identity vendor's face-scan sessions.
/// </summary>
internal static class SampleEndpoints
{
    public static IEndpointRouteBuilder MapSampleEndpoints(this IEndpointRouteBuilder endpoints, bool development)
    {
        endpoints.MapGet("/api/terms", (IOptions<WebHostOptions> options) => TypedResults.Ok(new { version = options.Value.TermsVersion }));
        if (development)
        {
            // The demo identity vendor: a real app runs the vendor's SDK, which yields the session id.
            endpoints.MapPost("/api/demo/face-scan-sessions", DemoFaceScanAsync);
        }

        return endpoints;
    }

    private static async Task<IResult> DemoFaceScanAsync(
        HttpContext http, SecurityResetService service, SecurityResetCaseHandles handles, DemoFaceScanVendor vendor, DemoFaceScanBody? body = null)
    {
        // Only whoever holds the case starts a scan for it.
        if (!handles.TryReadHeader(http, out var access))
        {
            return Refused(new ResetError(ErrorCodes.CaseNotFound, "No such case."), StatusCodes.Status404NotFound);
        }

        var held = await service.GetCaseAsync(access, http.RequestAborted);
        if (held is not { Succeeded: true, View.State: not CaseState.Superseded })
        {
            return held.Error is { Kind: ErrorKind.NotFound } missing
                ? Refused(missing, StatusCodes.Status404NotFound)
                : Refused(new ResetError(ErrorCodes.CredentialInvalid, "This handle no longer holds a case."), StatusCodes.Status403Forbidden);
        }

        // The vendor side: the scan runs for the case's account, which the applicant's view does not name.
        var review = await service.GetCaseForReviewAsync(access.CaseId, "demo-face-scan-vendor", http.RequestAborted);
        if (review.View is null)
        {
            return Refused(review.Error!, StatusCodes.Status404NotFound);
        }

        var session = vendor.StartSession(review.View.AccountId, access.CaseId);
        vendor.Complete(session, body?.Passed ?? true);
        return TypedResults.Ok(new { sessionId = session });
    }

    /// <summary>A problem shaped like the package's: the code in <c>type</c> and <c>code</c>, its kind in <c>kind</c>.</summary>
    private static ProblemHttpResult Refused(ResetError error, int status) =>
        TypedResults.Problem(error.Message, statusCode: status, type: "urn:securityreset:error:" + error.Code,
            extensions: new Dictionary<string, object?> { ["code"] = error.Code, ["kind"] = error.Kind.ToString() });

    /// <summary>The demo vendor's outcome: whether the face matched.</summary>
    private sealed record DemoFaceScanBody(bool Passed = true);
}
