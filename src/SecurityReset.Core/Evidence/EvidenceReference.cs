namespace SecurityReset;

/// <summary>
/// A file the applicant uploaded, as the case knows it: the host keeps the bytes in its blob storage, the case
/// keeps an opaque id, the media type, the size and the SHA-256 of the content. Immutable and thread-safe.
/// </summary>
/// <param name="Id">The host's opaque identifier of the stored file.</param>
/// <param name="MediaType">The media type, such as <c>image/jpeg</c>.</param>
/// <param name="SizeBytes">The size of the content in bytes.</param>
/// <param name="Sha256">The SHA-256 of the content, 64 lowercase hexadecimal digits.</param>
public sealed record EvidenceReference(string Id, string MediaType, long SizeBytes, string Sha256);
