using Microsoft.Extensions.Options;
using SecurityReset.Validation;

namespace SecurityReset.DependencyInjection;

/// <summary>Runs <see cref="SecurityResetOptionsValidator"/> when the options are built.</summary>
internal sealed class SecurityResetOptionsValidation : IValidateOptions<SecurityResetOptions>
{
    private readonly SecurityResetOptionsValidator _validator = new();

    public ValidateOptionsResult Validate(string? name, SecurityResetOptions options)
    {
        var result = _validator.Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
