namespace SecurityReset;

/// <summary>What identifies an ID document without holding its number: type, country and a keyed fingerprint of the number.</summary>
/// <param name="Type">The document type.</param>
/// <param name="IssuingCountry">The ISO 3166-1 alpha-2 code of the issuing country.</param>
/// <param name="NumberFingerprint">A keyed hash of the normalised document number (base64).</param>
internal sealed record IdentityDocumentReference(DocumentType Type, string IssuingCountry, string NumberFingerprint);
