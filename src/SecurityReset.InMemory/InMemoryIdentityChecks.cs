using System.Collections.Concurrent;
using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// A stand-in identity vendor for tests and samples: face-scan sessions are registered with
/// <see cref="RegisterFaceScan"/> (an unknown session fails), the KYC-document check accepts every document
/// unless told otherwise, and the video check is off unless a result is set. Thread-safe.
/// </summary>
public sealed class InMemoryIdentityChecks : IIdentityChecks
{
    private readonly ConcurrentDictionary<(string Account, string Session), bool> _scans = new();

    /// <summary>Whether <see cref="IsKycDocumentAsync"/> answers yes.</summary>
    /// <value>The default value is <see langword="true"/>: the fingerprint rule of the workflow decides alone.</value>
    public bool AcceptKycDocuments { get; set; } = true;

    /// <summary>The result of every video check, or <see langword="null"/> for no check.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IdentityCheckResult? VideoCheck { get; set; }

    /// <summary>Registers the outcome of a face-scan session.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="sessionId">The session id the client will report.</param>
    /// <param name="passed">Whether the scan matched.</param>
    public void RegisterFaceScan(string accountId, string sessionId, bool passed) => _scans[(accountId, sessionId)] = passed;

    /// <inheritdoc />
    public Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var passed = _scans.TryGetValue((accountId, sessionId), out var result) && result;
        return Task.FromResult(new IdentityCheckResult(passed, $"scan-{sessionId}"));
    }

    /// <inheritdoc />
    public Task<bool> IsKycDocumentAsync(string accountId, IdentityDocumentReference document, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(AcceptKycDocuments);
    }

    /// <inheritdoc />
    public Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(VideoCheck);
    }
}
