using System.Security.Cryptography;
using System.Text;

namespace SecurityReset;

/// <summary>
/// Keyed hashes of verification codes (HMAC-SHA256 over case, target and code) and their constant-time check.
/// Binding the case and target means a code from another case or destination never matches. Thread-safe.
/// </summary>
internal sealed class CodeHasher(byte[] key)
{
    private const int HashBytes = 32;

    public string Hash(CaseId caseId, VerificationTarget target, string code)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(caseId, target, code, hash);
        return Convert.ToBase64String(hash);
    }

    public bool Matches(CaseId caseId, VerificationTarget target, string code, string storedHash)
    {
        Span<byte> expected = stackalloc byte[HashBytes];
        if (!Convert.TryFromBase64String(storedHash, expected, out var written) || written != HashBytes)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        Compute(caseId, target, code, actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private void Compute(CaseId caseId, VerificationTarget target, string code, Span<byte> destination)
    {
        // case id (16) | target (1) | code (ASCII, at most 18 digits)
        Span<byte> message = stackalloc byte[16 + 1 + 18];
        caseId.Value.TryWriteBytes(message);
        message[16] = (byte)target;
        var length = Encoding.ASCII.GetBytes(code.AsSpan(0, Math.Min(code.Length, 18)), message[17..]);
        HMACSHA256.HashData(key, message[..(17 + length)], destination);
    }
}
