
namespace SecurityReset;

/// <summary>
/// The files an applicant uploads: supplementary proofs, ID document images and the verification video:
/// <see cref="SecurityResetOptions.Evidence"/>. Not thread-safe while being configured; treat an instance as
/// read-only once the service uses it.
/// </summary>
public sealed class EvidenceOptions
{
    /// <summary>Media types accepted for proofs and ID documents.</summary>
    /// <value>The default value is <c>image/jpeg</c>, <c>image/png</c>, <c>application/pdf</c>. At least one.</value>
    public ISet<string> AllowedFileMediaTypes { get; } = OptionCatalog.EvidenceFileMediaTypes.CreateDefault();

    /// <summary>Media types accepted for the verification video.</summary>
    /// <value>The default value is <c>video/mp4</c>, <c>video/webm</c>, <c>video/quicktime</c>. At least one.</value>
    public ISet<string> AllowedVideoMediaTypes { get; } = OptionCatalog.EvidenceVideoMediaTypes.CreateDefault();

    /// <summary>The largest image or document file.</summary>
    /// <value>The default value is 20 MiB. Between 1 KiB and 4 GiB.</value>
    public long MaxFileBytes { get; set; } = OptionCatalog.EvidenceMaxFileBytes.Default;

    /// <summary>The largest verification video.</summary>
    /// <value>The default value is 200 MiB. Between 1 KiB and 16 GiB.</value>
    public long MaxVideoBytes { get; set; } = OptionCatalog.EvidenceMaxVideoBytes.Default;

    /// <summary>The most supplementary proof files per case.</summary>
    /// <value>The default value is 20. Between 4 and 100.</value>
    public int MaxProofFiles { get; set; } = OptionCatalog.EvidenceMaxProofFiles.Default;
}
