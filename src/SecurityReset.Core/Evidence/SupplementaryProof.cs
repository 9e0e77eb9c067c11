namespace SecurityReset;

/// <summary>One supplementary proof: its kind and the file. Immutable and thread-safe.</summary>
/// <param name="Kind">What the file proves.</param>
/// <param name="File">The uploaded file.</param>
public sealed record SupplementaryProof(ProofKind Kind, EvidenceReference File);
