
namespace SecurityReset.Ports;

/// <summary>The document the account's KYC used, as the directory holds it. The service only keeps a fingerprint of the number.</summary>
/// <param name="Type">The document type.</param>
/// <param name="IssuingCountry">The ISO 3166-1 alpha-2 issuing country.</param>
/// <param name="Number">The document number.</param>
public sealed record KycDocumentRecord(DocumentType Type, string IssuingCountry, string Number)
{
    /// <summary>Never shows the number.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"KycDocumentRecord {{ Type = {Type}, IssuingCountry = {IssuingCountry} }}";
}
