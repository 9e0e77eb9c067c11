
namespace SecurityReset.Ports;

/// <summary>The host's identity vendor. Thread-safe.</summary>
public interface IIdentityChecks
{
    /// <summary>
    /// The result of a face-scan session the applicant completed with the vendor, for one case. The host starts the
    /// vendor's session for the account with the case id as its nonce, so a scan is bound to the case it was made for:
    /// the vendor must answer a failed scan when the session is unknown, or was not started for this account with this
    /// nonce (a passing session of an earlier case, replayed in a later one, fails). The library asks about a session
    /// at most once per case.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="caseId">The case the scan is for: the nonce the session must have been started with.</param>
    /// <param name="sessionId">The vendor's session id the client reported.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; a session unknown to the vendor, or started for another account or nonce, is a failed scan.</returns>
    Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, CaseId caseId, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a document is the one the account's KYC used: the vendor's own check, beside the library's comparison
    /// with the document the directory reports. Asked only for an account that completed KYC. The document comes as the
    /// applicant submitted it, number included, so the vendor can compare it with the one it verified; the library
    /// itself keeps only a keyed fingerprint of the number.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="document">The document as submitted: type, issuing country, number and the front image's reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it is the KYC document.</returns>
    Task<bool> IsKycDocumentAsync(string accountId, DocumentSubmission document, CancellationToken cancellationToken);

    /// <summary>An optional automated check of the verification video.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="video">The uploaded video.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result, or <see langword="null"/> when the vendor offers no such check.</returns>
    Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken);
}
