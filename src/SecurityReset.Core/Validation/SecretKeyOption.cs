namespace SecurityReset;

/// <summary>The per-deployment secret: base64 of enough bytes. Its value never appears in a message. Immutable; thread-safe.</summary>
internal sealed class SecretKeyOption : OptionDescriptor
{
    /// <summary>Declares the option.</summary>
    /// <param name="path">The option's path.</param>
    /// <param name="summary">What it means.</param>
    /// <param name="minimumBytes">The least key size in bytes.</param>
    public SecretKeyOption(string path, string summary, int minimumBytes)
        : base(path, summary)
    {
        MinimumBytes = minimumBytes;
    }

    /// <summary>The least key size in bytes.</summary>
    public int MinimumBytes { get; }

    /// <inheritdoc />
    public override string DefaultText => "`null`: a key must be configured";

    /// <inheritdoc />
    public override string RangeText => $"Base64 of at least {MinimumBytes} random bytes.";

    /// <inheritdoc />
    public override string? Check(SecurityResetOptions options) =>
        IsLongEnoughBase64(options.SecretKey) ? null : $"{Path} must be base64 of at least {MinimumBytes} random bytes.";

    /// <inheritdoc />
    public override void ApplyStrictProfile(SecurityResetOptions options)
    {
    }

    private bool IsLongEnoughBase64(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= MinimumBytes;
    }
}
