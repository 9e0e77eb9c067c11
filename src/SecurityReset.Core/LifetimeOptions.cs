
namespace SecurityReset;

/// <summary>
/// How long cases, the protection after a reset and idempotency keys last: <see cref="SecurityResetOptions.Lifetimes"/>.
/// Not thread-safe while being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class LifetimeOptions
{
    /// <summary>How long after opening an unfinished case expires.</summary>
    /// <value>The default value is 72 hours. Between 1 hour and 30 days.</value>
    public TimeSpan Case { get; set; } = OptionCatalog.CaseLifetime.Default;

    /// <summary>How long withdrawals stay blocked after a reset; the host enforces it.</summary>
    /// <value>The default value is 24 hours. Between 0 and 30 days.</value>
    public TimeSpan WithdrawalProtection { get; set; } = OptionCatalog.WithdrawalProtection.Default;

    /// <summary>How long the service remembers an idempotency key and its answer.</summary>
    /// <value>The default value is 24 hours. Between 1 minute and 30 days.</value>
    public TimeSpan IdempotencyKey { get; set; } = OptionCatalog.IdempotencyKeyLifetime.Default;
}
