namespace SecurityReset.AspNetCore;

/// <summary>
/// Settings of the health check that <c>services.AddHealthChecks().AddSecurityReset()</c> registers, named after the
/// check's registration name.
/// </summary>
public sealed class SecurityResetHealthCheckOptions
{
    /// <summary>
    /// The longest time since the background jobs' last successful pass (or, before the first one, since they started)
    /// that still counts as healthy. Default 5 minutes; keep it well above
    /// <see cref="SecurityResetApiOptions.DeliveryIdleDelay"/>, the wait between idle passes.
    /// </summary>
    public TimeSpan MaxPassAge { get; set; } = TimeSpan.FromMinutes(5);
}
