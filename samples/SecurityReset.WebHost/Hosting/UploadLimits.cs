namespace SecurityReset.WebHost.Hosting;

/// <summary>What an endpoint accepts in its request body.</summary>
internal enum UploadKind
{
    /// <summary>An ordinary form or JSON body.</summary>
    None = 0,

    /// <summary>The supplementary proofs form: one file per proof kind.</summary>
    Proofs = 1,

    /// <summary>The identity form: the ID document's front, or the verification video with its statement.</summary>
    Video = 2,
}

/// <summary>Endpoint metadata: the body this endpoint accepts.</summary>
/// <param name="kind">The kind of upload.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class UploadAttribute(UploadKind kind) : Attribute
{
    public UploadKind Kind { get; } = kind;
}

/// <summary>
/// Request body limits derived from the library's file limits (<see cref="EvidenceOptions.MaxFileBytes"/>,
/// <see cref="EvidenceOptions.MaxVideoBytes"/>). Kestrel and the form reader allow the largest; a
/// middleware lowers the limit per endpoint from its <see cref="UploadAttribute"/>, so a plain form cannot
/// stream 200 MiB. The package's upload endpoint (<c>POST /api/case/evidence</c>) sets its own limit from the kind of
/// evidence before it reads a byte. The evidence store still checks each file against its own limit.
/// </summary>
/// <param name="MaxFileBytes">The largest image or document.</param>
/// <param name="MaxVideoBytes">The largest video.</param>
internal sealed record UploadLimits(long MaxFileBytes, long MaxVideoBytes)
{
    /// <summary>Room for multipart boundaries, headers and the form's text fields.</summary>
    public const long Overhead = 256 * 1024;

    /// <summary>The proofs form carries at most this many files.</summary>
    public const int ProofSlots = 5;

    /// <summary>The body of an endpoint that takes no file.</summary>
    public const long PlainBody = 64 * 1024;

    public static UploadLimits From(SecurityResetOptions options) => new(options.Evidence.MaxFileBytes, options.Evidence.MaxVideoBytes);

    public long Largest => Math.Max(For(UploadKind.Proofs), For(UploadKind.Video));

    public long For(UploadKind kind) => kind switch
    {
        UploadKind.Proofs => (ProofSlots * MaxFileBytes) + Overhead,
        UploadKind.Video => MaxVideoBytes + Overhead,
        _ => PlainBody,
    };
}
