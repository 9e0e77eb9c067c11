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

    /// <summary>
    /// The reviewers who sign in with a password outside Development (in Development the demo reviewers sign in without
    /// one). Without a staff list the reviewer area does not exist outside Development.
    /// </summary>
    public IList<StaffMember> Staff { get; } = [];

    /// <summary>
    /// The folder of the Data Protection key ring (the keys behind the case cookie, the reviewer cookie and the
    /// anti-forgery tokens), so they outlive a restart. Empty means a folder under the system's temporary directory.
    /// In production put it on persistent storage that only this host can read, and encrypt the keys at rest
    /// (<c>ProtectKeysWithCertificate</c>, or an encrypted volume); several instances must share it.
    /// </summary>
    public string? KeysPath { get; set; }

    /// <summary>The addresses of the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (loopback always is).</summary>
    public IList<string> KnownProxies { get; } = [];

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
