
namespace SecurityReset;

/// <summary>The step policy: any policy but <see langword="null"/>. Immutable; thread-safe.</summary>
internal sealed class StepPolicyOption : OptionDescriptor
{
    /// <summary>Declares the option.</summary>
    /// <param name="path">The option's path.</param>
    /// <param name="summary">What it means.</param>
    /// <param name="default">The default policy, a shared <c>Instance</c>.</param>
    /// <param name="strict">The strict profile's policy, a shared <c>Instance</c>.</param>
    public StepPolicyOption(string path, string summary, IStepPolicy @default, IStepPolicy strict)
        : base(path, summary)
    {
        Default = @default;
        Strict = strict;
    }

    /// <summary>The default policy.</summary>
    public IStepPolicy Default { get; }

    /// <summary>The strict profile's policy.</summary>
    public IStepPolicy Strict { get; }

    /// <inheritdoc />
    public override string DefaultText => $"`{nameof(IStepPolicy)}.{nameof(IStepPolicy.Seed)}` (`{nameof(IStepPolicy)}.{nameof(IStepPolicy.Strict)}` with the strict profile)";

    /// <inheritdoc />
    public override string RangeText => "Not `null`.";

    /// <inheritdoc />
    public override string? Check(SecurityResetOptions options) =>
        options.StepPolicy is null ? $"{Path} must not be null." : null;

    /// <inheritdoc />
    public override void ApplyStrictProfile(SecurityResetOptions options) => options.StepPolicy = Strict;
}
