using SecurityReset.InMemory;

namespace SecurityReset.WebHost.Demo;

/// <summary>
/// Plays the identity vendor's face-scan service: the host starts a session for an account with the case id as its
/// nonce, the applicant "scans" on the vendor's page, and the vendor records the outcome, which the library then
/// fetches for that case through <see cref="InMemoryIdentityChecks"/> (a session started for another case fails). A
/// real vendor runs the scan on its own page or SDK.
/// </summary>
public sealed class DemoFaceScanVendor(InMemoryIdentityChecks checks)
{
    /// <summary>Starts a scan session for an account and the case it is for.</summary>
    /// <param name="accountId">The account scanned.</param>
    /// <param name="caseId">The case: the session's nonce.</param>
    /// <returns>The session id the client will report.</returns>
    public string StartSession(string accountId, CaseId caseId) => checks.StartFaceScan(accountId, caseId);

    /// <summary>Records how the scan went.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="passed">Whether the face matched.</param>
    public void Complete(string sessionId, bool passed) => checks.CompleteFaceScan(sessionId, passed);
}
