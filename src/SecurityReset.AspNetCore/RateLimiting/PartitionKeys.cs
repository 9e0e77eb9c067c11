using System.Security.Cryptography;
using System.Text;

namespace SecurityReset.AspNetCore.RateLimiting;

/// <summary>
/// Turns what identifies a caller into a partition key that is not personal data: an HMAC-SHA256 under a random key
/// drawn when the process starts and kept only in memory, so a key can be neither reversed nor matched elsewhere.
/// Thread-safe.
/// </summary>
internal sealed class PartitionKeys
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The key of one value within one purpose (<c>open-identifier</c>, <c>client</c>, …).</summary>
    public string Of(string purpose, string value) =>
        purpose + ":" + Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)));

    /// <summary>The key of a typed identifier: trimmed and case-folded first, so that letter case and spaces make no new partition.</summary>
    public string OfIdentifier(string identifier) => Of("open-identifier", identifier.Trim().ToUpperInvariant());
}
