using System.Security.Cryptography;
using System.Text;

namespace SecurityReset.Tests.TestSupport;

/// <summary>Fixed keys and secrets, so every run hashes and computes the same values.</summary>
internal static class TestSecrets
{
    /// <summary>32 fixed bytes (0x00..0x1F) in base64: the per-deployment secret of the tests.</summary>
    public static readonly string SecretKey = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);

    /// <summary>The authenticator secret bound to the test accounts (the RFC 6238 SHA-1 test seed).</summary>
    public static byte[] AuthenticatorSecret => Encoding.ASCII.GetBytes("12345678901234567890");

    private static readonly byte[] FingerprintKey = SHA256.HashData(Encoding.ASCII.GetBytes("securityreset-tests/fingerprint"));

    /// <summary>Default options with the test secret.</summary>
    public static SecurityResetOptions Options() => new() { SecretKey = SecretKey };

    /// <summary>Strict-profile options with the test secret.</summary>
    public static SecurityResetOptions StrictOptions() => Options().UseStrictProfile();

    /// <summary>A keyed fingerprint of a value exactly as given (no normalisation), as hex.</summary>
    public static string Fingerprint(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(FingerprintKey, Encoding.UTF8.GetBytes(value)));
}
