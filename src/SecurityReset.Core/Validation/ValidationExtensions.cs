using FluentValidation;

namespace SecurityReset;

/// <summary>Turns the first FluentValidation failure into a <see cref="ResetError"/>.</summary>
internal static class ValidationExtensions
{
    public static ResetError? FirstError<T>(this IValidator<T> validator, T? instance, string nullCode)
    {
        if (instance is null)
        {
            return new ResetError(nullCode, "A required value is missing.");
        }

        var result = validator.Validate(instance);
        if (result.IsValid)
        {
            return null;
        }

        var failure = result.Errors[0];
        return new ResetError(failure.ErrorCode, failure.ErrorMessage);
    }
}
