namespace SecurityReset.AspNetCore;

/// <summary>
/// Finds a file the applicant uploaded through the host's own upload endpoint, by the id the host gave the client.
/// The proofs, document and video endpoints name files by these ids and never take a reference from the client:
/// register an implementation to offer those steps (without one they answer <c>evidence.invalid</c>).
/// </summary>
public interface ISecurityResetEvidenceResolver
{
    /// <summary>The stored file for an evidence id, when it exists and was uploaded for this case.</summary>
    /// <param name="caseId">The case the request holds.</param>
    /// <param name="evidenceId">The id the client sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reference, or <see langword="null"/> when the id names no file of this case.</returns>
    ValueTask<EvidenceReference?> ResolveAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken);
}
