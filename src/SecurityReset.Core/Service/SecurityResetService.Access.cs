using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SecurityReset;

/// <summary>
/// The applicant credential: a random secret issued when a case opens and after every verified factor, kept by the
/// case only as a keyed hash and compared in constant time.
/// </summary>
public sealed partial class SecurityResetService
{
    private const int CredentialBytes = 32;
    private const int MaxCredentialLength = 128;

    /// <summary>A fresh credential and the hash the case keeps of it.</summary>
    private (string Credential, string Hash) IssueCredential()
    {
        var credential = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(CredentialBytes));
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HashCredential(credential, hash);
        return (credential, Convert.ToBase64String(hash));
    }

    /// <summary>Whether a credential is the one the case holds now. A superseded case is held by nobody any more.</summary>
    private bool Holds(ResetCase c, string? credential)
    {
        if (c.State == CaseState.Superseded || c.CredentialHash is null || string.IsNullOrEmpty(credential) || credential.Length > MaxCredentialLength)
        {
            return false;
        }

        Span<byte> stored = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(c.CredentialHash, stored, out var written) || written != stored.Length)
        {
            return false;
        }

        // Issued under the current secret or a previous one: an applicant keeps their case across a key rotation.
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(credential);
        var holds = false;
        foreach (var generation in _keys.All)
        {
            HMACSHA256.HashData(generation.CredentialKey, bytes, presented);
            holds |= CryptographicOperations.FixedTimeEquals(presented, stored);
        }

        return holds;
    }

    private void HashCredential(string credential, Span<byte> destination) =>
        HMACSHA256.HashData(_keys.CredentialKey, Encoding.UTF8.GetBytes(credential), destination);

    /// <summary>Whether a command verified a factor: a remaining item, a passing face scan, or the new contact.</summary>
    private static bool ProvesFactor(ResetCase before, ResetCase after) =>
        (after.VerifiedItems & ~before.VerifiedItems) != SecurityItems.None
        || (after.NewContactVerified && !before.NewContactVerified)
        || (after.FaceScanReference is not null && before.FaceScanReference is null);

    private static ResetResult<T> CredentialRefused<T>()
        where T : class => new(new ResetError(ErrorCodes.CredentialInvalid, "The applicant credential is not this case's; it may have been replaced."), null);
}
