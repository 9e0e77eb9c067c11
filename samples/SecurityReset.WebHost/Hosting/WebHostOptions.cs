namespace SecurityReset.WebHost.Hosting;

/// <summary>The sample host's own settings (configuration section <c>WebHost</c>).</summary>
public sealed class WebHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WebHost";

    /// <summary>
    /// The folder where uploaded evidence is stored, one file per SHA-256. Empty means a folder under the
    /// system's temporary directory, so a run from the repository leaves nothing in the work tree.
    /// </summary>
    public string? EvidencePath { get; set; }

    /// <summary>The version of the terms the applicant accepts.</summary>
    public string TermsVersion { get; set; } = "2025-06";
}
