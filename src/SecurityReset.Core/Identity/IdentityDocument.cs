
namespace SecurityReset;

/// <summary>The front of the ID document the applicant uploaded. Immutable and thread-safe.</summary>
/// <param name="Reference">Type, country and number fingerprint.</param>
/// <param name="FrontImage">The photo of the front side.</param>
internal sealed record IdentityDocument(IdentityDocumentReference Reference, EvidenceReference FrontImage);
