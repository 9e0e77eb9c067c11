
namespace SecurityReset;

/// <summary>The ID document as the applicant enters it. The service keeps only a keyed fingerprint of the number. Immutable.</summary>
/// <param name="Type">The document type.</param>
/// <param name="IssuingCountry">The ISO 3166-1 alpha-2 issuing country.</param>
/// <param name="Number">The document number.</param>
/// <param name="FrontImage">The uploaded photo of the front side.</param>
public sealed record DocumentSubmission(DocumentType Type, string IssuingCountry, string Number, EvidenceReference FrontImage)
{
    /// <summary>Never shows the number.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"DocumentSubmission {{ Type = {Type}, IssuingCountry = {IssuingCountry} }}";
}
