using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.Credentials;

namespace SecurityReset.AspNetCore;

/// <summary>
/// The applicant's case handle as the endpoints read and write it, for a host's own pages and endpoints: the case id
/// and the applicant credential, protected with ASP.NET Core Data Protection, in the <see cref="HeaderName"/> header
/// or in the cookie named by <see cref="SecurityResetApiOptions.CaseCookieName"/>. A page that holds the case through
/// the cookie reads it with <see cref="TryReadCookie"/>, sets it after an open with <see cref="SetCookie"/>, and passes
/// every later answer of the library to <see cref="FollowCookie"/>, which keeps the cookie in step with the credential.
/// Whether the credential inside still works is the library's answer. Registered by <c>AddSecurityResetApi</c>;
/// thread-safe.
/// </summary>
public sealed class SecurityResetCaseHandles
{
    /// <summary>The header that carries the handle, both ways.</summary>
    public const string HeaderName = CaseHandles.HeaderName;

    private readonly CaseHandles _handles;
    private readonly SecurityResetApiOptions _options;

    internal SecurityResetCaseHandles(CaseHandles handles, IOptions<SecurityResetApiOptions> options)
    {
        _handles = handles;
        _options = options.Value;
    }

    /// <summary>Whether the handle may travel in a cookie (<see cref="SecurityResetApiOptions.CaseCookieName"/> is set).</summary>
    internal bool CookieEnabled => !string.IsNullOrEmpty(_options.CaseCookieName);

    /// <summary>
    /// Reads the handle of the request's one <see cref="HeaderName"/> header.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="access">The case and the credential the handle carries.</param>
    /// <returns><see langword="false"/> when there is not exactly one header, or its handle is forged, damaged or past its lifetime.</returns>
    public bool TryReadHeader(HttpContext context, out ApplicantAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.Request.Headers[HeaderName];
        access = default;
        return values.Count == 1 && _handles.TryRead(values[0], out access);
    }

    /// <summary>Reads the handle of the request's case cookie.</summary>
    /// <param name="context">The request.</param>
    /// <param name="access">The case and the credential the handle carries.</param>
    /// <returns><see langword="false"/> when no cookie is configured or sent, or its handle is forged, damaged or past its lifetime.</returns>
    public bool TryReadCookie(HttpContext context, out ApplicantAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        access = default;
        return CookieEnabled && _handles.TryRead(context.Request.Cookies[_options.CaseCookieName!], out access);
    }

    /// <summary>
    /// Sets the case cookie to a new handle for <paramref name="access"/>, in place of the one the browser held: HttpOnly,
    /// SameSite=Strict, Secure when the request is HTTPS, for <see cref="SecurityResetApiOptions.HandleLifetime"/>.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="access">The case and the credential, as the library issued them.</param>
    /// <exception cref="InvalidOperationException">No cookie is configured.</exception>
    public void SetCookie(HttpContext context, ApplicantAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!CookieEnabled)
        {
            throw new InvalidOperationException($"Name the case cookie in {nameof(SecurityResetApiOptions)}.{nameof(SecurityResetApiOptions.CaseCookieName)} first.");
        }

        var options = Attributes(context);
        options.MaxAge = _options.HandleLifetime;
        context.Response.Cookies.Append(_options.CaseCookieName!, _handles.Issue(access), options);
    }

    /// <summary>Tells the browser to forget the case cookie; nothing when no cookie is configured.</summary>
    /// <param name="context">The request.</param>
    public void ClearCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (CookieEnabled)
        {
            context.Response.Cookies.Delete(_options.CaseCookieName!, Attributes(context));
        }
    }

    /// <summary>
    /// Keeps the case cookie in step with an answer of the library to a call made with the cookie's credential: a new
    /// credential in the answer (<see cref="ApplicantCaseView.Access"/>) replaces the cookie; an answer that says the
    /// caller no longer holds the case (the credential refused, or the case superseded) clears it.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="result">The library's answer.</param>
    /// <returns><see langword="false"/> when the cookie no longer holds the case and was cleared.</returns>
    /// <exception cref="InvalidOperationException">No cookie is configured and the answer carries a new credential.</exception>
    public bool FollowCookie(HttpContext context, ResetResult<ApplicantCaseView> result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        if (Lost(result))
        {
            ClearCookie(context);
            return false;
        }

        if (result.View?.Access is { } issued)
        {
            SetCookie(context, issued);
        }

        return true;
    }

    /// <summary>Whether the request sent the case cookie at all.</summary>
    internal bool HasCookie(HttpContext context) => CookieEnabled && context.Request.Cookies.ContainsKey(_options.CaseCookieName!);

    /// <summary>The handle of the request: its header, or its cookie when it sends no header.</summary>
    internal bool TryReadRequest(HttpContext context, out ApplicantAccess access) =>
        context.Request.Headers.ContainsKey(HeaderName) ? TryReadHeader(context, out access) : TryReadCookie(context, out access);

    /// <summary>Makes a handle for the header.</summary>
    internal string Issue(ApplicantAccess access) => _handles.Issue(access);

    /// <summary>Whether an answer says the caller no longer holds the case: its credential refused, or the case superseded.</summary>
    internal static bool Lost(ResetResult<ApplicantCaseView> result) =>
        result.Error?.Kind == ErrorKind.Denied || result.View?.State == CaseState.Superseded;

    private CookieOptions Attributes(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = _options.CaseCookiePath,
        IsEssential = true,
    };
}
