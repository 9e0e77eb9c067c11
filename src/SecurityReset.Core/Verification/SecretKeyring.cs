using System.Security.Cryptography;
using System.Text;

namespace SecurityReset;

/// <summary>
/// The keys derived (HKDF-SHA256) from the deployment secret, one per purpose, so that a code hash can never be
/// mistaken for a fingerprint. Thread-safe: the keys are read-only after construction.
/// </summary>
internal sealed class SecretKeyring
{
    public SecretKeyring(string secretKeyBase64)
    {
        var secret = Convert.FromBase64String(secretKeyBase64);
        CodeKey = Derive(secret, "securityreset/code-hash/v1");
        FingerprintKey = Derive(secret, "securityreset/fingerprint/v1");
        SealKey = Derive(secret, "securityreset/seal/v1");
        IdempotencyKey = Derive(secret, "securityreset/idempotency/v1");
        CredentialKey = Derive(secret, "securityreset/applicant-credential/v1");
        DisputeKey = Derive(secret, "securityreset/dispute-token/v1");
        TrailKey = Derive(secret, "securityreset/audit-trail/v1");
        CryptographicOperations.ZeroMemory(secret);
    }

    public byte[] CodeKey { get; }

    public byte[] FingerprintKey { get; }

    public byte[] SealKey { get; }

    public byte[] IdempotencyKey { get; }

    public byte[] CredentialKey { get; }

    /// <summary>Keys the hashes of the "this wasn't me" tokens notices carry.</summary>
    public byte[] DisputeKey { get; }

    /// <summary>Keys the seals that chain a case's audit events, each to the one before.</summary>
    public byte[] TrailKey { get; }

    private static byte[] Derive(byte[] secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: null, info: Encoding.UTF8.GetBytes(purpose));
}
