
namespace SecurityReset;

/// <summary>
/// How the outbox dispatcher retries codes, notifications and resets: <see cref="SecurityResetOptions.Delivery"/>.
/// Not thread-safe while being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>How many times a code, notification or reset is tried before it is given up (and a code voided).</summary>
    /// <value>The default value is 8. Between 1 and 100.</value>
    public int MaxAttempts { get; set; } = OptionCatalog.DeliveryMaxAttempts.Default;

    /// <summary>How long after a failed try the first retry comes; each later one waits twice as long, with jitter.</summary>
    /// <value>The default value is 5 seconds. Between 1 second and 1 hour.</value>
    public TimeSpan FirstRetryDelay { get; set; } = OptionCatalog.DeliveryFirstRetryDelay.Default;

    /// <summary>The longest wait between two tries.</summary>
    /// <value>The default value is 10 minutes. Between 1 second and 24 hours.</value>
    public TimeSpan MaxRetryDelay { get; set; } = OptionCatalog.DeliveryMaxRetryDelay.Default;

    /// <summary>How long a dispatcher holds the messages it claimed; a crashed dispatcher's messages are tried again after it.</summary>
    /// <value>The default value is 2 minutes. Between 10 seconds and 1 hour.</value>
    public TimeSpan Lease { get; set; } = OptionCatalog.DeliveryLease.Default;
}
