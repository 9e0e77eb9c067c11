using FluentValidation;

namespace SecurityReset;

/// <summary>The shape of the verification video and its statement; UID and date are rules checked against the case.</summary>
internal sealed class VerificationVideoValidator : AbstractValidator<VerificationVideo>
{
    public static VerificationVideoValidator Instance { get; } = new();

    public VerificationVideoValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(v => v.Video).NotNull().WithErrorCode(ErrorCodes.EvidenceInvalid).WithMessage("The video is missing.")
            .SetValidator(EvidenceReferenceValidator.Instance);
        RuleFor(v => v.Statement).NotNull().WithErrorCode(ErrorCodes.StatementInvalid).WithMessage("The statement is missing.");
        RuleFor(v => v.Statement.Uid).Must(u => Text.IsCleanNonBlank(u, 100))
            .WithErrorCode(ErrorCodes.StatementInvalid).WithMessage("The statement's UID is missing or malformed.");
        RuleFor(v => v.Statement.Email).Must(e => Text.IsClean(e, 254))
            .WithErrorCode(ErrorCodes.StatementInvalid).WithMessage("The statement's email is malformed.");
        RuleFor(v => v.Statement.Phone).Must(p => Text.IsClean(p, 32))
            .WithErrorCode(ErrorCodes.StatementInvalid).WithMessage("The statement's phone is malformed.");
        RuleFor(v => v.Statement.UtcOffset).InclusiveBetween(TimeSpan.FromHours(-14), TimeSpan.FromHours(14))
            .WithErrorCode(ErrorCodes.StatementInvalid).WithMessage("The UTC offset must be between -14 and +14 hours.")
            .Must(o => o.Ticks % TimeSpan.TicksPerMinute == 0)
            .WithErrorCode(ErrorCodes.StatementInvalid).WithMessage("The UTC offset must be whole minutes.");
        RuleFor(v => v.Statement.Reason).Must(r => Text.IsCleanNonBlank(r, Text.LongMax))
            .WithErrorCode(ErrorCodes.StatementReasonMissing).WithMessage("The statement must give a reason of at most 1000 printable characters.");
    }
}
