namespace SecurityReset.AspNetCore;

/// <summary>Which limits and media types an upload is held to.</summary>
public enum SecurityResetEvidenceKind
{
    /// <summary>A proof or an ID document image: <see cref="EvidenceOptions.AllowedFileMediaTypes"/>, <see cref="EvidenceOptions.MaxFileBytes"/>.</summary>
    File = 0,

    /// <summary>The verification video: <see cref="EvidenceOptions.AllowedVideoMediaTypes"/>, <see cref="EvidenceOptions.MaxVideoBytes"/>.</summary>
    Video = 1,
}
