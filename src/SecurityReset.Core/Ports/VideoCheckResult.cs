namespace SecurityReset.Ports;

/// <summary>The identity vendor's automated check of a verification video.</summary>
/// <param name="Passed">Whether the video passed (liveness, document visible).</param>
/// <param name="VendorReference">The vendor's reference of the check.</param>
public sealed record VideoCheckResult(bool Passed, string VendorReference);
