using FluentValidation;

namespace SecurityReset.Validation;

/// <summary>Checks <see cref="SecurityResetOptions"/> at start-up. Thread-safe.</summary>
public sealed class SecurityResetOptionsValidator : AbstractValidator<SecurityResetOptions>
{
    /// <summary>The least secret key size in bytes.</summary>
    public const int MinimumSecretKeyBytes = 32;

    /// <summary>Creates the validator.</summary>
    public SecurityResetOptionsValidator()
    {
        RuleFor(o => o.SecretKey)
            .Must(BeLongEnoughBase64)
            .WithMessage($"SecretKey must be base64 of at least {MinimumSecretKeyBytes} random bytes.");
        RuleFor(o => o.CodeLength).InclusiveBetween(6, 10);
        RuleFor(o => o.CodeLifetime).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        RuleFor(o => o.MaxFailedAttemptsPerDestination).InclusiveBetween(1, 10);
        RuleFor(o => o.ResendCooldown).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(15));
        RuleFor(o => o.MaxCodesPerDestination).InclusiveBetween(1, 20);
        RuleFor(o => o.TotpStep).InclusiveBetween(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(120))
            .Must(step => step.Ticks % TimeSpan.TicksPerSecond == 0).WithMessage("TotpStep must be whole seconds.");
        RuleFor(o => o.TotpWindowSteps).InclusiveBetween(0, 2);
        RuleFor(o => o.MaxAuthenticatorFailures).InclusiveBetween(1, 10);
        RuleFor(o => o.MaxFaceScanFailures).InclusiveBetween(1, 10);
        RuleFor(o => o.CaseLifetime).InclusiveBetween(TimeSpan.FromHours(1), TimeSpan.FromDays(30));
        RuleFor(o => o.WithdrawalProtection).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(30));
        RuleFor(o => o.AccountFailureBudget).InclusiveBetween(1, 1000);
        RuleFor(o => o.AccountLockout).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        RuleFor(o => o.MaxProofFiles).InclusiveBetween(4, 100);
        RuleFor(o => o.MaxFileBytes).InclusiveBetween(1024, 1L << 32);
        RuleFor(o => o.MaxVideoBytes).InclusiveBetween(1024, 1L << 34);
        RuleFor(o => o.AllowedFileMediaTypes).NotEmpty();
        RuleFor(o => o.AllowedVideoMediaTypes).NotEmpty();
        RuleFor(o => o.StepPolicy).NotNull();
        RuleFor(o => o.MaxConcurrencyRetries).InclusiveBetween(0, 50);
        RuleFor(o => o.IdempotencyRetention).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
    }

    private static bool BeLongEnoughBase64(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= MinimumSecretKeyBytes;
    }
}
