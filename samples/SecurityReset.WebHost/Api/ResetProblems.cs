
namespace SecurityReset.WebHost.Api;

/// <summary>
/// Turns the library's errors into RFC 7807 problem details: <c>type</c> is <c>urn:securityreset:error:CODE</c>,
/// the code itself is in <c>extensions["code"]</c> and its kind in <c>extensions["kind"]</c>, the library's English
/// message is the <c>detail</c>. The status follows the error's kind (documented in docs/webhost.md), never the
/// individual code: 400 malformed; 403 the handle no longer holds the case; 404 no such case; 409 the case's state
/// or another request conflicts; 410 past its lifetime; 422 a rule of the flow refuses it; 429 wait before trying
/// again; 503 a service the library depends on failed.
/// </summary>
internal static class ResetProblems
{
    public const string TypePrefix = "urn:securityreset:error:";

    /// <summary>The HTTP status of an error kind.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Malformed => StatusCodes.Status400BadRequest,
        ErrorKind.Denied => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Gone => StatusCodes.Status410Gone,
        ErrorKind.RetryLater => StatusCodes.Status429TooManyRequests,
        ErrorKind.Quarantined => StatusCodes.Status423Locked,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The problem for a refused call.</summary>
    /// <param name="error">The library's error.</param>
    /// <param name="view">The case as it now stands, when the caller may see it (a counted failure changed it).</param>
    /// <param name="retryAfter">How long to wait, for a 429.</param>
    /// <returns>The result.</returns>
    public static IResult Problem(ResetError error, ApplicantCaseView? view = null, TimeSpan? retryAfter = null) =>
        Problem(error, StatusOf(error.Kind), view, retryAfter);

    /// <summary>A problem the host raises itself (a missing header, an unreadable handle).</summary>
    public static IResult Problem(string code, string message) => Problem(new ResetError(code, message));

    /// <summary>
    /// The problem for a refusal whose status the transport decides rather than the kind (a body or an upload
    /// past its limit: 413; an upload of a type not accepted: 415).
    /// </summary>
    /// <param name="error">The error.</param>
    /// <param name="status">The status.</param>
    /// <param name="view">The case as it now stands, when the caller may see it.</param>
    /// <param name="retryAfter">How long to wait, for a 429.</param>
    /// <returns>The result.</returns>
    public static IResult Problem(ResetError error, int status, ApplicantCaseView? view = null, TimeSpan? retryAfter = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = error.Code, ["kind"] = error.Kind.ToString() };
        if (view is not null)
        {
            extensions["case"] = view;
        }

        var problem = TypedResults.Problem(error.Message, statusCode: status, title: Title(status), type: TypePrefix + error.Code, extensions: extensions);
        return retryAfter is { } wait && status == StatusCodes.Status429TooManyRequests
            ? new WithHeader(problem, "Retry-After", ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : problem;
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is malformed.",
        403 => "The handle no longer holds the case.",
        404 => "No such case.",
        409 => "Conflict with the case's current state.",
        410 => "Past its lifetime.",
        413 => "The request is too large.",
        415 => "The upload's type is not accepted.",
        429 => "Too many requests; try again later.",
        503 => "A service the request needs is unavailable.",
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
