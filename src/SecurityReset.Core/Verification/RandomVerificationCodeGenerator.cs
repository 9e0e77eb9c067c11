using System.Security.Cryptography;

namespace SecurityReset;

/// <summary>Draws codes from <see cref="RandomNumberGenerator"/>, without modulo bias. Thread-safe.</summary>
internal sealed class RandomVerificationCodeGenerator : IVerificationCodeGenerator
{
    /// <summary>The shared instance.</summary>
    public static RandomVerificationCodeGenerator Instance { get; } = new();

    /// <inheritdoc />
    public string Generate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 18);
        return string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });
    }
}
