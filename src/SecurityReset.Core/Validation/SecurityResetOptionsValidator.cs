using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Options;

namespace SecurityReset;

/// <summary>
/// Checks every option of <see cref="SecurityResetOptions"/> against its documented range. Each failure names the
/// option's path (e.g. <c>Codes.Lifetime</c>) and its range, never the secret key. Thread-safe.
/// </summary>
internal sealed class SecurityResetOptionsValidator : AbstractValidator<SecurityResetOptions>
{
    /// <summary>The least secret key size in bytes.</summary>
    public const int MinimumSecretKeyBytes = OptionCatalog.MinimumSecretKeyBytes;

    /// <summary>Creates the validator.</summary>
    public SecurityResetOptionsValidator()
    {
        RuleFor(options => options).Custom((options, context) =>
        {
            foreach (var option in OptionCatalog.All)
            {
                if (option.Check(options) is { } failure)
                {
                    context.AddFailure(new ValidationFailure(option.Path, failure));
                }
            }
        });
    }

    /// <summary>The shared instance.</summary>
    internal static SecurityResetOptionsValidator Instance { get; } = new();

    /// <summary>
    /// The options a service runs with: as given when the start-up validation already checked them, otherwise
    /// checked here.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The valid options.</returns>
    /// <exception cref="OptionsValidationException">An option is outside its range.</exception>
    internal static SecurityResetOptions EnsureValid(IOptions<SecurityResetOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options is StartupValidatedOptions validated)
        {
            return validated.Value;
        }

        var value = options.Value ?? throw new ArgumentException("The options have no value.", nameof(options));
        var result = Instance.Validate(value);
        return result.IsValid
            ? value
            : throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(SecurityResetOptions), result.Errors.Select(e => e.ErrorMessage));
    }
}
