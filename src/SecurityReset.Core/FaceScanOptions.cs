
namespace SecurityReset;

/// <summary>
/// The face scan shortcut for Advanced KYC accounts: <see cref="SecurityResetOptions.FaceScan"/>. Not
/// thread-safe while being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class FaceScanOptions
{
    /// <summary>Failed face scans per case before the shortcut closes and the case falls back to codes.</summary>
    /// <value>The default value is 5. Between 1 and 10.</value>
    public int MaxFailures { get; set; } = OptionCatalog.FaceScanMaxFailures.Default;

    /// <summary>Failed face scans per account, across cases, before face scans are refused for <c>Lockout.Window</c>.</summary>
    /// <value>The default value is 10. Between 1 and 100.</value>
    public int MaxFailuresPerAccount { get; set; } = OptionCatalog.FaceScanMaxFailuresPerAccount.Default;
}
