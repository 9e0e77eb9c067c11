using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace SecurityReset.AspNetCore.Problems;

/// <summary>
/// Turns the library's errors into RFC 9457 problem details: <c>type</c> is <c>urn:securityreset:error:CODE</c>, the
/// code is in the <c>code</c> extension and its kind in <c>kind</c>, the library's English message is the
/// <c>detail</c>. The status follows the error's <see cref="ErrorKind"/>, never the individual code.
/// </summary>
internal static class ResetProblems
{
    public const string TypePrefix = "urn:securityreset:error:";

    /// <summary>The code of a request refused by an abuse guard (not a library code: the library never sees the request).</summary>
    public const string RateLimitedCode = "request.rate_limited";

    /// <summary>
    /// The code of an unsafe request the case cookie authenticated without a valid antiforgery token (a package code: the
    /// library never sees the request).
    /// </summary>
    public const string AntiforgeryInvalidCode = "request.antiforgery_invalid";

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

    /// <summary>The problem for a refused call, with <c>Retry-After</c> on a 429 when the wait is known.</summary>
    /// <param name="http">The request.</param>
    /// <param name="error">The library's error.</param>
    /// <param name="view">The case as it now stands, when the caller may see it (a counted failure changed it).</param>
    /// <param name="retryAfter">How long to wait.</param>
    /// <returns>The result.</returns>
    public static ProblemHttpResult Of(HttpContext http, ResetError error, object? view = null, TimeSpan? retryAfter = null) =>
        Make(http, error.Code, error.Kind.ToString(), StatusOf(error.Kind), error.Message, view, retryAfter);

    /// <summary>The problem for an error whose status the endpoint decides rather than the kind (a principal without a reviewer id: 403).</summary>
    public static ProblemHttpResult Of(HttpContext http, ResetError error, int status) =>
        Make(http, error.Code, error.Kind.ToString(), status, error.Message, null, null);

    /// <summary>A problem the endpoint raises itself (a missing header, an unreadable body).</summary>
    public static ProblemHttpResult Of(HttpContext http, string code, string message) => Of(http, new ResetError(code, message));

    /// <summary>A problem with a code of the package's own (the library never saw the request), such as an upload past its quota.</summary>
    public static ProblemHttpResult Package(HttpContext http, string code, ErrorKind kind, int status, string message) =>
        Make(http, code, kind.ToString(), status, message, null, null);

    /// <summary>The 400 of a cookie-authenticated request without a valid antiforgery token.</summary>
    public static ProblemHttpResult AntiforgeryInvalid(HttpContext http) =>
        Make(http, AntiforgeryInvalidCode, ErrorKind.Malformed.ToString(), StatusCodes.Status400BadRequest,
            "A request that the case cookie authenticates needs a valid antiforgery token.", null, null);

    /// <summary>The 429 of an abuse guard.</summary>
    public static ProblemHttpResult RateLimited(HttpContext http, TimeSpan? retryAfter) =>
        Make(http, RateLimitedCode, ErrorKind.RetryLater.ToString(), StatusCodes.Status429TooManyRequests, "Too many requests of this kind; wait before trying again.", null, retryAfter);

    private static ProblemHttpResult Make(HttpContext http, string code, string kind, int status, string message, object? view, TimeSpan? retryAfter)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + code,
            Title = Title(status),
            Status = status,
            Detail = message,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["kind"] = kind;
        if (view is not null)
        {
            problem.Extensions["case"] = view;
        }

        if (status == StatusCodes.Status429TooManyRequests && retryAfter is { } wait && wait > TimeSpan.Zero)
        {
            http.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(problem);
    }

    private static string Title(int status) => status switch
    {
        400 => "The request is malformed.",
        403 => "The caller does not hold the case.",
        404 => "No such case.",
        409 => "Conflict with the case's current state.",
        410 => "Past its lifetime.",
        413 => "The file is too large.",
        415 => "The file's type is not accepted.",
        429 => "Too many requests; try again later.",
        _ => "The request was refused.",
    };
}
