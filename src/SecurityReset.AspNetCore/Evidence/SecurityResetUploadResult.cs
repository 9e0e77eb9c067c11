using SecurityReset.Ports;

namespace SecurityReset.AspNetCore;

/// <summary>The outcome of one upload: the stored file, or a stable error code with an English message. Immutable.</summary>
/// <param name="Evidence">The stored file, when the upload was accepted.</param>
/// <param name="ErrorCode">
/// When refused: <c>evidence.invalid</c> (empty, or a known container whose structure does not hold),
/// <c>evidence.too_large</c>, <c>evidence.media_type_not_allowed</c> or <c>evidence.quota_exceeded</c>.
/// </param>
/// <param name="Message">Why it was refused, in English.</param>
public sealed record SecurityResetUploadResult(StoredEvidence? Evidence, string? ErrorCode, string? Message)
{
    /// <summary>The code of an upload past the case's count or byte quota (a package code: the library never sees the upload).</summary>
    public const string QuotaExceededCode = "evidence.quota_exceeded";

    /// <summary>Whether the file was stored.</summary>
    public bool Succeeded => Evidence is not null;

    internal static SecurityResetUploadResult Refused(string code, string message) => new(null, code, message);
}
