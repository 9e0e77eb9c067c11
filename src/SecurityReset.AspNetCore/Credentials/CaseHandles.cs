using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SecurityReset.AspNetCore.Credentials;

/// <summary>
/// The applicant's handle on a case: the case id and the applicant credential (<see cref="ApplicantAccess"/>),
/// encrypted and signed with ASP.NET Core Data Protection under <see cref="Purpose"/> and readable for
/// <see cref="SecurityResetApiOptions.HandleLifetime"/>. It travels in the <see cref="HeaderName"/> header, or in the
/// case cookie when the host names one (<see cref="SecurityResetCaseHandles"/>), never in a URL. Whether the credential
/// inside still works is the library's answer. Thread-safe.
/// </summary>
internal sealed class CaseHandles
{
    /// <summary>The header that carries the handle, both ways.</summary>
    public const string HeaderName = "X-Reset-Case";

    /// <summary>The Data Protection purpose of a handle.</summary>
    public const string Purpose = "SecurityReset.AspNetCore.CaseHandle.v1";

    private const int MaxHandleLength = 1024;

    private readonly ITimeLimitedDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public CaseHandles(IDataProtectionProvider provider, TimeProvider time, IOptions<SecurityResetApiOptions> options)
    {
        _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        _time = time;
        _lifetime = options.Value.HandleLifetime;
    }

    /// <summary>Makes a handle for the case and credential held now.</summary>
    public string Issue(ApplicantAccess access) => _protector.Protect($"{access.CaseId}:{access.Credential}", _time.GetUtcNow() + _lifetime);

    /// <summary>Reads a handle; <see langword="false"/> when it is missing, forged, damaged or past its lifetime.</summary>
    public bool TryRead(string? handle, out ApplicantAccess access)
    {
        access = default;
        if (string.IsNullOrEmpty(handle) || handle.Length > MaxHandleLength)
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(handle, out var expiration);
            if (expiration <= _time.GetUtcNow())
            {
                return false;
            }
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
}
