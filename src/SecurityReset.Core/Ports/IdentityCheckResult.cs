namespace SecurityReset.Ports;

/// <summary>The identity vendor's answer to one check: a face-scan session, or the automated check of a verification video.</summary>
/// <param name="Passed">Whether the check passed (the face matched the account's KYC face; the video showed a live person and the document).</param>
/// <param name="VendorReference">The vendor's reference of the session or check.</param>
public sealed record IdentityCheckResult(bool Passed, string VendorReference);
