namespace SecurityReset.AspNetCore;

/// <summary>
/// One abuse guard: at most <see cref="PermitLimit"/> requests per partition (a client address, a case, a hashed
/// identifier) in each fixed <see cref="Window"/>. A <see cref="PermitLimit"/> of zero or less turns the guard off.
/// </summary>
public sealed class SecurityResetRateLimit
{
    /// <summary>Creates a guard with no limit set (off).</summary>
    public SecurityResetRateLimit()
    {
    }

    /// <summary>Creates a guard.</summary>
    /// <param name="permitLimit">How many requests a partition may make per window.</param>
    /// <param name="window">The length of the window.</param>
    public SecurityResetRateLimit(int permitLimit, TimeSpan window)
    {
        PermitLimit = permitLimit;
        Window = window;
    }

    /// <summary>How many requests a partition may make per window; zero or less turns the guard off.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The length of the fixed window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether the guard counts anything.</summary>
    internal bool Enabled => PermitLimit > 0 && Window > TimeSpan.Zero;
}
