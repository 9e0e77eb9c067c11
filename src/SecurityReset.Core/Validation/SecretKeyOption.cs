namespace SecurityReset;

/// <summary>The per-deployment secret: base64 of enough bytes. Its value never appears in a message. Immutable; thread-safe.</summary>
internal sealed class SecretKeyOption : OptionDescriptor
{
    /// <summary>Declares the option.</summary>
    /// <param name="path">The option's path.</param>
    /// <param name="summary">What it means.</param>
    /// <param name="minimumBytes">The least key size in bytes.</param>
    /// <param name="keys">The keys the option holds: one for the current secret, any number for the previous ones.</param>
    /// <param name="required">Whether at least one key must be set.</param>
    public SecretKeyOption(string path, string summary, int minimumBytes, Func<SecurityResetOptions, IEnumerable<string?>> keys, bool required)
        : base(path, summary)
    {
        MinimumBytes = minimumBytes;
        _keys = keys;
        _required = required;
    }

    private readonly Func<SecurityResetOptions, IEnumerable<string?>> _keys;
    private readonly bool _required;

    /// <summary>The least key size in bytes.</summary>
    public int MinimumBytes { get; }

    /// <inheritdoc />
    public override string DefaultText => _required ? "`null`: a key must be configured" : "empty: no previous key";

    /// <inheritdoc />
    public override string RangeText =>
        (_required ? "Base64" : "Each entry: base64")
        + $" of at least {MinimumBytes} random bytes; one repeated byte value, or less than {MinimumBitsPerByte} bits of entropy per byte, is refused.";

    /// <summary>The least Shannon entropy of the key's byte values: random bytes of this size show about 5 bits; a repeated short pattern shows 3 or less.</summary>
    public const double MinimumBitsPerByte = 3.0;

    /// <inheritdoc />
    public override string? Check(SecurityResetOptions options)
    {
        var keys = _keys(options).ToList();
        if (_required && keys.Count == 0)
        {
            return $"{Path} must be base64 of at least {MinimumBytes} random bytes.";
        }

        foreach (var text in keys)
        {
            if (Decode(text) is not { } key)
            {
                return $"{Path} must be base64 of at least {MinimumBytes} random bytes.";
            }

            // A key typed by hand or made of a pattern is guessable however long it is; the message never quotes it.
            if (BitsPerByte(key) < MinimumBitsPerByte)
            {
                return $"{Path} is not random: it repeats one byte value or a short pattern. Draw it from a cryptographic random source.";
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override void ApplyStrictProfile(SecurityResetOptions options)
    {
    }

    private byte[]? Decode(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= MinimumBytes ? buffer[..written] : null;
    }

    /// <summary>The Shannon entropy of the key's byte values, in bits per byte (0 for one repeated value).</summary>
    private static double BitsPerByte(byte[] key)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var b in key)
        {
            counts[b]++;
        }

        var bits = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / key.Length;
                bits -= p * Math.Log2(p);
            }
        }

        return bits;
    }
}
