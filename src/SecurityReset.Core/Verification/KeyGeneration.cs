using System.Security.Cryptography;
using System.Text;

namespace SecurityReset;

/// <summary>
/// The keys derived (HKDF-SHA256) from one secret, one per purpose, so that a code hash can never be mistaken for a
/// fingerprint, and the secret's key id: a short public digest of the secret that sealed data carries, so a reader
/// knows which secret to verify it with. Thread-safe: read-only after construction.
/// </summary>
internal sealed class KeyGeneration
{
    public KeyGeneration(string secretKeyBase64)
    {
        var secret = Convert.FromBase64String(secretKeyBase64);
        Id = "k" + Convert.ToHexStringLower(Derive(secret, "securityreset/key-id/v1").AsSpan(0, 4));
        CodeKey = Derive(secret, "securityreset/code-hash/v1");
        FingerprintKey = Derive(secret, "securityreset/fingerprint/v1");
        SealKey = Derive(secret, "securityreset/seal/v1");
        IdempotencyKey = Derive(secret, "securityreset/idempotency/v1");
        CredentialKey = Derive(secret, "securityreset/applicant-credential/v1");
        DisputeKey = Derive(secret, "securityreset/dispute-token/v1");
        TrailKey = Derive(secret, "securityreset/audit-trail/v1");
        SnapshotKey = Derive(secret, "securityreset/snapshot-mac/v1");
        CryptographicOperations.ZeroMemory(secret);
    }

    /// <summary>The key id: <c>k</c> and 8 hex digits, derived from the secret, so the same secret always has the same id.</summary>
    public string Id { get; }

    public byte[] CodeKey { get; }

    public byte[] FingerprintKey { get; }

    public byte[] SealKey { get; }

    public byte[] IdempotencyKey { get; }

    public byte[] CredentialKey { get; }

    public byte[] DisputeKey { get; }

    public byte[] TrailKey { get; }

    /// <summary>Keys the MAC over a stored snapshot.</summary>
    public byte[] SnapshotKey { get; }

    private static byte[] Derive(byte[] secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: null, info: Encoding.UTF8.GetBytes(purpose));
}
