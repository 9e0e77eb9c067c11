using Microsoft.Extensions.Options;

namespace SecurityReset;

/// <summary>Runs <see cref="SecurityResetOptionsValidator"/> when the options are built.</summary>
internal sealed class SecurityResetOptionsValidation : IValidateOptions<SecurityResetOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityResetOptions options)
    {
        var result = SecurityResetOptionsValidator.Instance.Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
