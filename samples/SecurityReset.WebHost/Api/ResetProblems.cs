using SecurityReset.Service;
using SecurityReset.Validation;

namespace SecurityReset.WebHost.Api;

/// <summary>
/// Turns the library's error codes into RFC 7807 problem details: <c>type</c> is <c>urn:securityreset:error:CODE</c>,
/// the code itself is in <c>extensions["code"]</c>, the library's English message is the <c>detail</c>. The
/// status codes follow one table (documented in docs/webhost.md):
/// 400 the request is malformed in any state; 404 no such case; 409 the case's state or another request
/// conflicts; 410 the case is past its lifetime; 422 a rule of the flow refuses it; 429 wait before trying again;
/// 502 the messenger failed.
/// </summary>
internal static class ResetProblems
{
    public const string TypePrefix = "urn:securityreset:error:";

    /// <summary>The HTTP status of each error code the library returns.</summary>
    public static IReadOnlyDictionary<string, int> Statuses { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        // 400: malformed whatever the case's state.
        [ErrorCodes.RequestInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.ItemsEmpty] = StatusCodes.Status400BadRequest,
        [ErrorCodes.CodeMalformed] = StatusCodes.Status400BadRequest,
        [ErrorCodes.QuestionnaireInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.EvidenceInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.ContactInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.DocumentInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.StatementInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.StatementReasonMissing] = StatusCodes.Status400BadRequest,
        [ErrorCodes.TermsVersionInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.ReviewReasonInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.ReviewAmendmentsRequired] = StatusCodes.Status400BadRequest,

        // 403: the caller may not do this to this case.
        [ErrorCodes.ActorNotAllowed] = StatusCodes.Status403Forbidden,

        // 404.
        [ErrorCodes.CaseNotFound] = StatusCodes.Status404NotFound,

        // 409: the case's state, or another request, is in the way.
        [ErrorCodes.TransitionNotAllowed] = StatusCodes.Status409Conflict,
        [ErrorCodes.CaseAlreadyOpen] = StatusCodes.Status409Conflict,
        [ErrorCodes.CaseBusy] = StatusCodes.Status409Conflict,
        [ErrorCodes.RequestInProgress] = StatusCodes.Status409Conflict,
        [ErrorCodes.IdempotencyKeyReused] = StatusCodes.Status409Conflict,
        [ErrorCodes.VerificationAlreadyDone] = StatusCodes.Status409Conflict,

        // 410: past its lifetime.
        [ErrorCodes.CaseExpired] = StatusCodes.Status410Gone,

        // 422: well-formed, but a rule of the flow refuses it.
        [ErrorCodes.CaseNotExpired] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.ItemsNotBound] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.VerificationNotRequired] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.CodeInvalid] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.CodeExpired] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.CodeNotRequested] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.CodeAttemptsExhausted] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.CodeSendLimitReached] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.CodeReplayed] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.FaceScanNotOffered] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.FaceScanClosed] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.FaceScanFailed] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.ProofsMissingRequired] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.ProofsTooMany] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.EvidenceTooLarge] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.EvidenceMediaTypeNotAllowed] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.ContactSameAsCurrent] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.ContactNotSet] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.DocumentNotKycDocument] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.StatementUidMismatch] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.StatementDateNotToday] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.SubmissionIncomplete] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.AmendmentNotRequested] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.VideoCheckFailed] = StatusCodes.Status422UnprocessableEntity,

        // 429: try again later.
        [ErrorCodes.CodeResendTooSoon] = StatusCodes.Status429TooManyRequests,
        [ErrorCodes.AccountLocked] = StatusCodes.Status429TooManyRequests,

        // 502: the messenger failed; asking again at once is fine.
        [ErrorCodes.DeliveryFailed] = StatusCodes.Status502BadGateway,
    };

    /// <summary>The status of a code; an unknown code (a newer library) is a rule violation.</summary>
    public static int StatusOf(string code) => Statuses.TryGetValue(code, out var status) ? status : StatusCodes.Status422UnprocessableEntity;

    /// <summary>The problem for a refused call.</summary>
    /// <param name="error">The library's error.</param>
    /// <param name="view">The case as it now stands, when the caller may see it (a counted failure changed it).</param>
    /// <param name="retryAfter">How long to wait, for a 429.</param>
    /// <returns>The result.</returns>
    public static IResult Problem(ResetError error, ApplicantCaseView? view = null, TimeSpan? retryAfter = null)
    {
        var status = StatusOf(error.Code);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = error.Code };
        if (view is not null)
        {
            extensions["case"] = view;
        }

        var problem = TypedResults.Problem(error.Message, statusCode: status, title: Title(status), type: TypePrefix + error.Code, extensions: extensions);
        return retryAfter is { } wait && status == StatusCodes.Status429TooManyRequests
            ? new WithHeader(problem, "Retry-After", ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : problem;
    }

    /// <summary>A problem the host raises itself (a missing header, an unreadable handle).</summary>
    public static IResult Problem(string code, string message) => Problem(new ResetError(code, message));

    private static string Title(int status) => status switch
    {
        400 => "The request is malformed.",
        403 => "Not allowed.",
        404 => "No such case.",
        409 => "Conflict with the case's current state.",
        410 => "The case has expired.",
        413 => "The upload is too large.",
        415 => "The upload's type is not accepted.",
        429 => "Too many requests; try again later.",
        502 => "A downstream service failed.",
        _ => "The request was refused.",
    };

    /// <summary>Adds one response header to another result.</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
