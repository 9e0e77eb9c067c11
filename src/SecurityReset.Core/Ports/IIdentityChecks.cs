
namespace SecurityReset.Ports;

/// <summary>The host's identity vendor. Thread-safe.</summary>
public interface IIdentityChecks
{
    /// <summary>The result of a face-scan session the applicant completed with the vendor.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="sessionId">The vendor's session id the client reported.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; a session unknown to the vendor is a failed scan.</returns>
    Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Whether a document is the one the account's KYC used (the vendor's own check, beside the fingerprint rule).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it is the KYC document.</returns>
    Task<bool> IsKycDocumentAsync(string accountId, IdentityDocumentReference document, CancellationToken cancellationToken);

    /// <summary>An optional automated check of the verification video.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="video">The uploaded video.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result, or <see langword="null"/> when the vendor offers no such check.</returns>
    Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken);
}
