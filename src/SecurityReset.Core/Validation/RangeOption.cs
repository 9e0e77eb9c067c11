namespace SecurityReset;

/// <summary>A number or a duration with an inclusive range. Immutable; thread-safe.</summary>
/// <typeparam name="T">The option's type.</typeparam>
internal sealed class RangeOption<T> : OptionDescriptor
    where T : struct, IComparable<T>
{
    private readonly Func<T, string> _format;
    private readonly (Func<T, bool> Holds, string Text)? _also;

    /// <summary>Declares the option.</summary>
    /// <param name="path">The option's path.</param>
    /// <param name="summary">What it means.</param>
    /// <param name="default">The default.</param>
    /// <param name="minimum">The least allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    /// <param name="format">Writes a value for people.</param>
    /// <param name="get">Reads the option.</param>
    /// <param name="set">Writes the option.</param>
    /// <param name="strict">The strict profile's value, when it differs from the default.</param>
    /// <param name="also">A further rule with its text (e.g. whole seconds).</param>
    public RangeOption(
        string path, string summary, T @default, T minimum, T maximum, Func<T, string> format,
        Func<SecurityResetOptions, T> get, Action<SecurityResetOptions, T> set, T? strict = null, (Func<T, bool> Holds, string Text)? also = null)
        : base(path, summary)
    {
        Default = @default;
        Minimum = minimum;
        Maximum = maximum;
        Strict = strict;
        Get = get;
        Set = set;
        _format = format;
        _also = also;
        if (!Allows(@default) || (strict is { } s && !Allows(s)))
        {
            throw new ArgumentException($"The default of {path} lies outside its own range.", nameof(@default));
        }
    }

    /// <summary>The default.</summary>
    public T Default { get; }

    /// <summary>The least allowed value.</summary>
    public T Minimum { get; }

    /// <summary>The largest allowed value.</summary>
    public T Maximum { get; }

    /// <summary>The strict profile's value, when it differs from the default.</summary>
    public T? Strict { get; }

    /// <summary>Reads the option.</summary>
    public Func<SecurityResetOptions, T> Get { get; }

    /// <summary>Writes the option.</summary>
    public Action<SecurityResetOptions, T> Set { get; }

    /// <inheritdoc />
    public override string DefaultText =>
        Strict is { } strict ? $"{_format(Default)} ({_format(strict)} with the strict profile)" : _format(Default);

    /// <inheritdoc />
    public override string RangeText => $"Between {Bounds}.";

    private string Bounds => $"{_format(Minimum)} and {_format(Maximum)}{(_also is { } also ? ", " + also.Text : string.Empty)}";

    /// <summary>Whether a value is allowed.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> inside the range (and the further rule).</returns>
    public bool Allows(T value) =>
        value.CompareTo(Minimum) >= 0 && value.CompareTo(Maximum) <= 0 && (_also is not { } also || also.Holds(value));

    /// <inheritdoc />
    public override string? Check(SecurityResetOptions options)
    {
        var value = Get(options);
        return Allows(value) ? null : $"{Path} must be between {Bounds}; it is {_format(value)}.";
    }

    /// <inheritdoc />
    public override void ApplyStrictProfile(SecurityResetOptions options)
    {
        if (Strict is { } strict)
        {
            Set(options, strict);
        }
    }
}
