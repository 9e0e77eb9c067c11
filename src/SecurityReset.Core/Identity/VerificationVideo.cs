
namespace SecurityReset;

/// <summary>The video of the applicant holding the ID and the statement sheet. Immutable and thread-safe.</summary>
/// <param name="Video">The uploaded video.</param>
/// <param name="Statement">What the sheet states.</param>
public sealed record VerificationVideo(EvidenceReference Video, DeclaredStatement Statement);
