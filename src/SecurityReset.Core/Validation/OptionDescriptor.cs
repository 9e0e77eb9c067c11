namespace SecurityReset;

/// <summary>
/// One option as declared in <see cref="OptionCatalog"/>: its path, meaning, default and allowed values. The
/// property initial values, <see cref="SecurityResetOptionsValidator"/>, the XML documentation's
/// <c>&lt;value&gt;</c> texts and the README options table all come from these. Immutable; thread-safe.
/// </summary>
internal abstract class OptionDescriptor
{
    protected OptionDescriptor(string path, string summary)
    {
        Path = path;
        Summary = summary;
    }

    /// <summary>The option's path from <see cref="SecurityResetOptions"/>, e.g. <c>Codes.Lifetime</c>; also its configuration key with <c>:</c> for <c>.</c>.</summary>
    public string Path { get; }

    /// <summary>What the option means, as Markdown (the property's XML summary says the same).</summary>
    public string Summary { get; }

    /// <summary>The default as Markdown, with the strict profile's value when it differs.</summary>
    public abstract string DefaultText { get; }

    /// <summary>The allowed values as one Markdown sentence, e.g. <c>Between 6 and 10.</c></summary>
    public abstract string RangeText { get; }

    /// <summary>The text of the property's XML <c>&lt;value&gt;</c> element, as Markdown.</summary>
    public string ValueText => $"The default value is {DefaultText}. {RangeText}";

    /// <summary>Why the option's current value is not allowed, naming the path and the range; <see langword="null"/> when it is allowed.</summary>
    /// <param name="options">The options to check.</param>
    /// <returns>The failure message, never holding a secret value.</returns>
    public abstract string? Check(SecurityResetOptions options);

    /// <summary>Sets the strict profile's value when the option has one.</summary>
    /// <param name="options">The options to change.</param>
    public abstract void ApplyStrictProfile(SecurityResetOptions options);
}
