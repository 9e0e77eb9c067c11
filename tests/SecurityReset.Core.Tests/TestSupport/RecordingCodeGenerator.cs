
namespace SecurityReset.Tests.TestSupport;

/// <summary>
/// A deterministic code generator that records every code it draws. Codes walk a full cycle modulo
/// 10^length, so no code repeats within a million draws: a code value identifies the issue that drew it.
/// </summary>
internal sealed class RecordingCodeGenerator : IVerificationCodeGenerator
{
    private readonly Lock _gate = new();
    private readonly List<string> _drawn = [];
    private long _next;

    public IReadOnlyList<string> Drawn
    {
        get
        {
            lock (_gate)
            {
                return [.. _drawn];
            }
        }
    }

    public string Generate(int length)
    {
        var modulus = (long)Math.Pow(10, length);
        lock (_gate)
        {
            // 7919 is prime and coprime with 10^n: the sequence visits every value once per cycle.
            var value = ((_next++ * 7919) + 123457) % modulus;
            var code = value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(length, '0');
            _drawn.Add(code);
            return code;
        }
    }

    /// <summary>A code of the same length that differs from <paramref name="code"/> in its last digit.</summary>
    public static string Wrong(string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var last = (char)('0' + ((code[^1] - '0' + 1) % 10));
        return string.Concat(code.AsSpan(0, code.Length - 1), new ReadOnlySpan<char>(in last));
    }
}
