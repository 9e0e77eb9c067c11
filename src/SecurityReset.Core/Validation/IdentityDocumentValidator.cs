using FluentValidation;

namespace SecurityReset;

/// <summary>The shape of an uploaded ID document.</summary>
internal sealed class IdentityDocumentValidator : AbstractValidator<IdentityDocument>
{
    public static IdentityDocumentValidator Instance { get; } = new();

    public IdentityDocumentValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(d => d.Reference).NotNull().WithErrorCode(ErrorCodes.DocumentInvalid).WithMessage("The document is missing.");
        RuleFor(d => d.Reference.Type).IsInEnum().WithErrorCode(ErrorCodes.DocumentInvalid).WithMessage("Unknown document type.");
        RuleFor(d => d.Reference.IssuingCountry).Must(Text.IsCountryCode)
            .WithErrorCode(ErrorCodes.DocumentInvalid).WithMessage("The issuing country must be an ISO 3166-1 alpha-2 code.");
        RuleFor(d => d.Reference.NumberFingerprint).Must(f => Text.IsCleanNonBlank(f, 100))
            .WithErrorCode(ErrorCodes.DocumentInvalid).WithMessage("The document number fingerprint is missing.");
        RuleFor(d => d.FrontImage).NotNull().WithErrorCode(ErrorCodes.EvidenceInvalid).WithMessage("The front image is missing.")
            .SetValidator(EvidenceReferenceValidator.Instance);
    }
}
