namespace SecurityReset.Ports;

/// <summary>The identity vendor's result of a face-scan session.</summary>
/// <param name="Passed">Whether the face matched the account's KYC face.</param>
/// <param name="VendorReference">The vendor's reference of the session.</param>
public sealed record FaceScanResult(bool Passed, string VendorReference);
