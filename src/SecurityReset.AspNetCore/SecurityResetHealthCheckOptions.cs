namespace SecurityReset.AspNetCore;

/// <summary>
/// Settings of the health check that <c>services.AddHealthChecks().AddSecurityReset()</c> registers, named after the
/// check's registration name.
/// </summary>
public sealed class SecurityResetHealthCheckOptions
{
    /// <summary>
    /// How much longer than its own interval a background job may go without a successful pass (or, before the first
    /// one, since it started) and still count as healthy. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxPassAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest time the outbox job may keep claiming due messages while settling none (every try failing) before
    /// the outbox counts as stuck. Default 15 minutes.
    /// </summary>
    public TimeSpan MaxOutboxStall { get; set; } = TimeSpan.FromMinutes(15);
}
