using System.Security.Cryptography;
using SecurityReset.InMemory;

namespace SecurityReset.WebHost.Demo;

/// <summary>
/// Plays the identity vendor's face-scan service: the host starts a session for an account, the applicant
/// "scans" on the vendor's page, and the vendor records the outcome, which the library then fetches through
/// <see cref="InMemoryIdentityChecks"/>. A real vendor runs the scan on its own page or SDK.
/// </summary>
public sealed class DemoFaceScanVendor(InMemoryIdentityChecks checks)
{
    /// <summary>Starts a scan session.</summary>
    /// <returns>The session id the client will report.</returns>
    public static string StartSession() => "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Records how the scan went.</summary>
    /// <param name="accountId">The account scanned.</param>
    /// <param name="sessionId">The session.</param>
    /// <param name="passed">Whether the face matched.</param>
    public void Complete(string accountId, string sessionId, bool passed) => checks.RegisterFaceScan(accountId, sessionId, passed);
}
