namespace SecurityReset;

/// <summary>A set of accepted media types that must not be empty. Immutable; thread-safe.</summary>
internal sealed class MediaTypesOption : OptionDescriptor
{
    /// <summary>Declares the option.</summary>
    /// <param name="path">The option's path.</param>
    /// <param name="summary">What it means.</param>
    /// <param name="default">The media types accepted by default.</param>
    /// <param name="get">Reads the option.</param>
    public MediaTypesOption(string path, string summary, IReadOnlyList<string> @default, Func<SecurityResetOptions, ISet<string>> get)
        : base(path, summary)
    {
        Default = @default;
        Get = get;
    }

    /// <summary>The media types accepted by default.</summary>
    public IReadOnlyList<string> Default { get; }

    /// <summary>Reads the option.</summary>
    public Func<SecurityResetOptions, ISet<string>> Get { get; }

    /// <inheritdoc />
    public override string DefaultText => string.Join(", ", Default.Select(type => $"`{type}`"));

    /// <inheritdoc />
    public override string RangeText => "At least one.";

    /// <summary>A new set holding the defaults, compared ignoring case.</summary>
    /// <returns>The set.</returns>
    public HashSet<string> CreateDefault() => new(Default, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string? Check(SecurityResetOptions options) =>
        Get(options) is { Count: > 0 } ? null : $"{Path} must hold at least one media type.";

    /// <inheritdoc />
    public override void ApplyStrictProfile(SecurityResetOptions options)
    {
    }
}
