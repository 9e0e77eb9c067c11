namespace SecurityReset.Ports;

/// <summary>
/// Keeps the files an applicant uploaded, each under the case that uploaded it and an evidence id the host chose. A file
/// is found only through its own case: the same evidence id under another case names nothing. The host checks a file
/// (size, structure, media type, SHA-256) before it puts it; the store keeps what it is given. Thread-safe.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Stores a file under its case and evidence id.</summary>
    /// <param name="evidence">What the host established about the file.</param>
    /// <param name="content">The bytes, read to the end.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is kept then.</param>
    /// <returns><see langword="true"/> when stored; <see langword="false"/> when the case already holds that evidence id.</returns>
    Task<bool> PutAsync(StoredEvidence evidence, Stream content, CancellationToken cancellationToken);

    /// <summary>What is known about one file of a case.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="evidenceId">The evidence id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file's record, or <see langword="null"/> when the case holds no such file.</returns>
    Task<StoredEvidence?> GetAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken);

    /// <summary>Opens one file of a case for reading; the caller disposes the stream.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="evidenceId">The evidence id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The content, or <see langword="null"/> when the case holds no such file.</returns>
    Task<Stream?> OpenReadAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken);

    /// <summary>The files a case holds, oldest first.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records; empty when the case holds none.</returns>
    Task<IReadOnlyList<StoredEvidence>> ListAsync(CaseId caseId, CancellationToken cancellationToken);

    /// <summary>Deletes one file of a case.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="evidenceId">The evidence id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether there was such a file.</returns>
    Task<bool> DeleteAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken);

    /// <summary>Deletes every file of a case, for a retention purge.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many files were deleted.</returns>
    Task<int> DeleteCaseAsync(CaseId caseId, CancellationToken cancellationToken);
}
