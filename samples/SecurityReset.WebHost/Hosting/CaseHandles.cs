using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// The applicant's handle on a case: the case id, encrypted and signed with ASP.NET Core Data Protection and
/// valid for <see cref="Lifetime"/>. A signed-out applicant has no account session, so whoever holds the
/// handle may act on the case: it travels only in an HttpOnly cookie (web) or the <c>X-Reset-Case</c> header
/// (API), never in a URL. The bare case id is not enough: the library logs it and reviewers see it, so it is
/// never accepted in its place. Thread-safe.
/// </summary>
public sealed class CaseHandles
{
    /// <summary>The cookie of the web flow.</summary>
    public const string CookieName = "sr-case";

    /// <summary>The header of the API.</summary>
    public const string HeaderName = "X-Reset-Case";

    /// <summary>How long a handle stays valid: long enough to follow a case through review.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly ITimeLimitedDataProtector _protector;
    private readonly TimeProvider _time;

    public CaseHandles(IDataProtectionProvider provider, TimeProvider time)
    {
        _protector = provider.CreateProtector("SecurityReset.WebHost.CaseHandle.v1").ToTimeLimitedDataProtector();
        _time = time;
    }

    /// <summary>Makes a handle for a case.</summary>
    /// <param name="id">The case.</param>
    /// <returns>The handle, safe for a cookie or header value.</returns>
    public string Issue(CaseId id) => _protector.Protect(id.ToString(), _time.GetUtcNow() + Lifetime);

    /// <summary>Reads a handle.</summary>
    /// <param name="handle">The handle as received.</param>
    /// <param name="id">The case.</param>
    /// <returns>Whether the handle is genuine and unexpired.</returns>
    public bool TryRead(string? handle, out CaseId id)
    {
        id = default;
        if (string.IsNullOrEmpty(handle) || handle.Length > 1024)
        {
            return false;
        }

        try
        {
            return CaseId.TryParse(_protector.Unprotect(handle), out id);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Reads the web flow's cookie.</summary>
    public bool TryReadCookie(HttpContext context, out CaseId id) => TryRead(context.Request.Cookies[CookieName], out id);

    /// <summary>Sets the web flow's cookie.</summary>
    public void SetCookie(HttpContext context, CaseId id) =>
        context.Response.Cookies.Append(CookieName, Issue(id), new CookieOptions
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
