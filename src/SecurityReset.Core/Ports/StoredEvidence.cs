namespace SecurityReset.Ports;

/// <summary>
/// One uploaded file as an <see cref="IEvidenceStore"/> keeps it: the case that uploaded it, the host's evidence id, and
/// what the host established from the bytes. Immutable and thread-safe.
/// </summary>
/// <param name="CaseId">The case that uploaded the file; only that case finds it.</param>
/// <param name="EvidenceId">The host's id of the file within the case (1 to 128 characters of letters, digits, <c>-</c> and <c>_</c>).</param>
/// <param name="MediaType">The media type the host read from the file's structure, never the client's claim.</param>
/// <param name="SizeBytes">The size of the content in bytes.</param>
/// <param name="Sha256">The SHA-256 of the content the host computed, 64 lowercase hexadecimal digits.</param>
/// <param name="StoredAt">When the file was stored.</param>
public sealed record StoredEvidence(CaseId CaseId, string EvidenceId, string MediaType, long SizeBytes, string Sha256, DateTimeOffset StoredAt)
{
    /// <summary>Whether a text is a well-formed evidence id: 1 to 128 ASCII letters, digits, <c>-</c> or <c>_</c>, safe in a file name.</summary>
    /// <param name="evidenceId">The text.</param>
    /// <returns>Whether it is well formed.</returns>
    public static bool IsValidId(string? evidenceId) =>
        evidenceId is { Length: > 0 and <= 128 } && evidenceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The reference the case keeps for this file.</summary>
    /// <returns>The reference, whose id is the evidence id.</returns>
    public EvidenceReference ToReference() => new(EvidenceId, MediaType, SizeBytes, Sha256);
}
