using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// The applicant's handle on a case: the case id and the applicant credential the library issued with it
/// (<see cref="ApplicantAccess"/>), encrypted and signed with ASP.NET Core Data Protection and valid for
/// <see cref="Lifetime"/>. A signed-out applicant has no account session, so the handle is what holds the case: it
/// travels only in an HttpOnly cookie (web) or the <c>X-Reset-Case</c> header (API), never in a URL. The library
/// replaces the credential after every verified factor, so the host reissues the handle whenever an answer carries a
/// new <see cref="ApplicantCaseView.Access"/>; the old handle is refused from then on (<c>case.credential_invalid</c>),
/// and so is the handle of a case the account's owner superseded (<see cref="Lost"/>). The bare case id is never
/// accepted in its place: the library logs it and reviewers see it. Thread-safe.
/// </summary>
public sealed class CaseHandles
{
    /// <summary>The cookie of the web flow.</summary>
    public const string CookieName = "sr-case";

    /// <summary>The header of the API: sent with every call, and answered with a new handle when the credential changed.</summary>
    public const string HeaderName = "X-Reset-Case";

    /// <summary>How long a handle stays valid: long enough to follow a case through review.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>What the host answers for the handle of a superseded case: the caller no longer holds it.</summary>
    public static readonly ResetError Superseded = new(ErrorCodes.CredentialInvalid,
        "The account's owner started another case, which ended this one: this handle no longer holds a case.");

    private readonly ITimeLimitedDataProtector _protector;
    private readonly TimeProvider _time;

    public CaseHandles(IDataProtectionProvider provider, TimeProvider time)
    {
        // v2: the case id and the credential (a v1 handle carried the case id alone and reads as no handle at all).
        _protector = provider.CreateProtector("SecurityReset.WebHost.CaseHandle.v2").ToTimeLimitedDataProtector();
        _time = time;
    }

    /// <summary>
    /// Whether an answer says the caller no longer holds the case, so its handle must go: the library refused the
    /// credential (<see cref="ErrorKind.Denied"/>: replaced after a verified factor, or never this case's), or the case
    /// was superseded by the account owner's own case, which ends every hold on it.
    /// </summary>
    /// <param name="result">The library's answer.</param>
    /// <returns><see langword="true"/> when the handle no longer works.</returns>
    public static bool Lost(ResetResult<ApplicantCaseView> result) =>
        result.Error?.Kind == ErrorKind.Denied || result.View?.State == CaseState.Superseded;

    /// <summary>Makes a handle for a case and the credential held now.</summary>
    /// <param name="access">The case and the credential, as the library issued them.</param>
    /// <returns>The handle, safe for a cookie or header value.</returns>
    public string Issue(ApplicantAccess access) => _protector.Protect($"{access.CaseId}:{access.Credential}", _time.GetUtcNow() + Lifetime);

    /// <summary>Reads a handle.</summary>
    /// <param name="handle">The handle as received.</param>
    /// <param name="access">The case and the credential it carries.</param>
    /// <returns>Whether the handle is genuine and unexpired (whether the credential still works is the library's answer).</returns>
    public bool TryRead(string? handle, out ApplicantAccess access)
    {
        access = default;
        if (string.IsNullOrEmpty(handle) || handle.Length > 1024)
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(handle);
        }
        catch (CryptographicException)
        {
            return false;
        }

        var separator = payload.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || separator == payload.Length - 1 || !CaseId.TryParse(payload[..separator], out var id))
        {
            return false;
        }

        access = new ApplicantAccess(id, payload[(separator + 1)..]);
        return true;
    }

    /// <summary>Reads the web flow's cookie.</summary>
    public bool TryReadCookie(HttpContext context, out ApplicantAccess access) => TryRead(context.Request.Cookies[CookieName], out access);

    /// <summary>Sets the web flow's cookie, in place of the one the browser held.</summary>
    public void SetCookie(HttpContext context, ApplicantAccess access) =>
        context.Response.Cookies.Append(CookieName, Issue(access), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            MaxAge = Lifetime,
            Path = "/",
        });

    /// <summary>Forgets the web flow's case.</summary>
    public static void ClearCookie(HttpContext context) => context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
