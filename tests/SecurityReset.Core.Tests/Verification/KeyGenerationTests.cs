using System.Security.Cryptography;
using System.Text;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Verification;

/// <summary>
/// The keys a secret yields are pinned: each is HKDF-SHA256 of the secret for its own purpose. A changed purpose
/// would leave every code hash, fingerprint, seal and MAC stored before it unreadable under the same secret.
/// </summary>
public sealed class KeyGenerationTests
{
    private static byte[] Derived(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(TestSecrets.SecretKey), 32, salt: null, info: Encoding.UTF8.GetBytes(purpose));

    [Fact]
    public void Each_key_is_derived_from_the_secret_for_its_own_purpose()
    {
        var keys = new KeyGeneration(TestSecrets.SecretKey);

        Assert.Equal("k" + Convert.ToHexStringLower(Derived("securityreset/key-id/v1").AsSpan(0, 4)), keys.Id);
        Assert.Equal(Derived("securityreset/code-hash/v1"), keys.CodeKey);
        Assert.Equal(Derived("securityreset/fingerprint/v1"), keys.FingerprintKey);
        Assert.Equal(Derived("securityreset/seal/v1"), keys.SealKey);
        Assert.Equal(Derived("securityreset/idempotency/v1"), keys.IdempotencyKey);
        Assert.Equal(Derived("securityreset/applicant-credential/v1"), keys.CredentialKey);
        Assert.Equal(Derived("securityreset/dispute-token/v1"), keys.DisputeKey);
        Assert.Equal(Derived("securityreset/audit-trail/v1"), keys.TrailKey);
        Assert.Equal(Derived("securityreset/snapshot-mac/v1"), keys.SnapshotKey);
    }
}
