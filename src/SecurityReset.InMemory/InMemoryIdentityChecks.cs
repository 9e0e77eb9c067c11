using System.Collections.Concurrent;
using System.Security.Cryptography;
using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// A stand-in identity vendor for tests and samples: face-scan sessions are minted for an account and a case (the
/// nonce) with <see cref="StartFaceScan"/> and completed with <see cref="CompleteFaceScan"/>, or registered whole
/// with <see cref="RegisterFaceScan"/>; an unknown session, one not completed, or one asked about for another account
/// or another case fails. The KYC-document check compares with the document registered for the account with
/// <see cref="RegisterKycDocument"/>; for an account with none it answers <see cref="AcceptKycDocuments"/>. The video
/// check is off unless a result is set. Thread-safe.
/// </summary>
public sealed class InMemoryIdentityChecks : IIdentityChecks
{
    private readonly ConcurrentDictionary<string, Scan> _scans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DocumentSubmission> _kycDocuments = new(StringComparer.Ordinal);

    /// <summary>Whether <see cref="IsKycDocumentAsync"/> answers yes for an account with no registered KYC document.</summary>
    /// <value>The default value is <see langword="true"/>: the fingerprint rule of the workflow decides alone.</value>
    public bool AcceptKycDocuments { get; set; } = true;

    /// <summary>The result of every video check, or <see langword="null"/> for no check.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IdentityCheckResult? VideoCheck { get; set; }

    /// <summary>Starts a face-scan session for an account, with a case id as its nonce; it fails until completed.</summary>
    /// <param name="accountId">The account whose face the scan compares.</param>
    /// <param name="caseId">The case the scan is for.</param>
    /// <returns>The new session id, which the client will report.</returns>
    public string StartFaceScan(string accountId, CaseId caseId)
    {
        var sessionId = "scan-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _scans[sessionId] = new Scan(accountId, caseId, Passed: null);
        return sessionId;
    }

    /// <summary>Records how a started session's scan went.</summary>
    /// <param name="sessionId">A session <see cref="StartFaceScan"/> returned.</param>
    /// <param name="passed">Whether the face matched.</param>
    /// <exception cref="KeyNotFoundException">No session has this id.</exception>
    public void CompleteFaceScan(string sessionId, bool passed)
    {
        if (!_scans.TryGetValue(sessionId, out var scan))
        {
            throw new KeyNotFoundException("No face-scan session has this id.");
        }

        _scans[sessionId] = scan with { Passed = passed };
    }

    /// <summary>Registers a completed face-scan session with an id of the caller's choice.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="caseId">The case the session was started for (its nonce).</param>
    /// <param name="sessionId">The session id the client will report.</param>
    /// <param name="passed">Whether the scan matched.</param>
    public void RegisterFaceScan(string accountId, CaseId caseId, string sessionId, bool passed) => _scans[sessionId] = new Scan(accountId, caseId, passed);

    /// <inheritdoc />
    public Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, CaseId caseId, string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var passed = _scans.TryGetValue(sessionId, out var scan)
            && string.Equals(scan.AccountId, accountId, StringComparison.Ordinal)
            && scan.CaseId == caseId
            && scan.Passed == true;
        return Task.FromResult(new IdentityCheckResult(passed, $"scan-{sessionId}"));
    }

    /// <summary>Registers the document an account's KYC verified, as the vendor holds it.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="type">The document type.</param>
    /// <param name="issuingCountry">The issuing country's ISO 3166-1 alpha-2 code.</param>
    /// <param name="number">The document number.</param>
    public void RegisterKycDocument(string accountId, DocumentType type, string issuingCountry, string number) =>
        _kycDocuments[accountId] = new DocumentSubmission(type, issuingCountry, number, new EvidenceReference("kyc", "image/jpeg", 0, string.Empty));

    /// <inheritdoc />
    public Task<bool> IsKycDocumentAsync(string accountId, DocumentSubmission document, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_kycDocuments.TryGetValue(accountId, out var kyc))
        {
            return Task.FromResult(AcceptKycDocuments);
        }

        return Task.FromResult(kyc.Type == document.Type
            && string.Equals(kyc.IssuingCountry.Trim(), document.IssuingCountry.Trim(), StringComparison.OrdinalIgnoreCase)
            && string.Equals(Canonical(kyc.Number), Canonical(document.Number), StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(VideoCheck);
    }

    // Vendors compare numbers without the spaces and hyphens people type, and without case.
    private static string Canonical(string number) =>
        string.Concat(number.Where(char.IsLetterOrDigit)).ToUpperInvariant();

    private sealed record Scan(string AccountId, CaseId CaseId, bool? Passed);
}
