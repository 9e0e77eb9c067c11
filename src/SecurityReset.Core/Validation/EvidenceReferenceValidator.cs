using FluentValidation;

namespace SecurityReset;

/// <summary>The shape of an evidence reference; size and media-type limits are rules of the options.</summary>
internal sealed class EvidenceReferenceValidator : AbstractValidator<EvidenceReference>
{
    public static EvidenceReferenceValidator Instance { get; } = new();

    public EvidenceReferenceValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(e => e.Id).Must(id => Text.IsCleanNonBlank(id, Text.ShortMax))
            .WithErrorCode(ErrorCodes.EvidenceInvalid).WithMessage("The evidence id must be 1–200 printable characters.");
        RuleFor(e => e.MediaType).Must(t => Text.IsCleanNonBlank(t, 100))
            .WithErrorCode(ErrorCodes.EvidenceInvalid).WithMessage("The evidence media type is missing.");
        RuleFor(e => e.SizeBytes).GreaterThan(0)
            .WithErrorCode(ErrorCodes.EvidenceInvalid).WithMessage("The evidence size must be positive.");
        RuleFor(e => e.Sha256).Must(Text.IsSha256Hex)
            .WithErrorCode(ErrorCodes.EvidenceInvalid).WithMessage("The evidence hash must be 64 lowercase hexadecimal digits.");
    }
}
