namespace SecurityReset.WebHost.Hosting;

/// <summary>The sample host's own settings (configuration section <c>WebHost</c>).</summary>
public sealed class WebHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WebHost";

    /// <summary>
    /// The folder where uploaded evidence is stored, one folder per case. Empty means a folder under the
    /// system's temporary directory, so a run from the repository leaves nothing in the work tree.
    /// </summary>
    public string? EvidencePath { get; set; }

    /// <summary>The version of the terms the applicant accepts.</summary>
    public string TermsVersion { get; set; } = "2025-06";

    /// <summary>
    /// How long the outbox job waits after a pass that delivered nothing, before it looks at the outbox again. A pass
    /// that delivered something is followed by the next at once.
    /// </summary>
    public TimeSpan DeliveryIdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the expiry job expires cases past their lifetime or review deadline.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
