using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecurityReset;

/// <summary>
/// The names under which the library reports traces and metrics: subscribe to the <see cref="Name"/>
/// ActivitySource and Meter. No tag ever carries a code, secret, contact or document number.
/// </summary>
internal static class SecurityResetTelemetry
{
    /// <summary>The name of the ActivitySource and of the Meter.</summary>
    public const string Name = "SecurityReset";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> CasesOpened = Meter.CreateCounter<long>("securityreset.cases.opened", description: "Reset cases opened.");

    internal static readonly Counter<long> CasesQuarantined = Meter.CreateCounter<long>("securityreset.cases.quarantined", description: "Reset cases found failing an integrity check; nothing acts on them.");

    internal static readonly Counter<long> CasesSubmitted = Meter.CreateCounter<long>("securityreset.cases.submitted", description: "Reset cases submitted for review.");

    internal static readonly Counter<long> CasesApproved = Meter.CreateCounter<long>("securityreset.cases.approved", description: "Reset cases approved.");

    internal static readonly Counter<long> CasesRejected = Meter.CreateCounter<long>("securityreset.cases.rejected", description: "Reset cases rejected.");

    internal static readonly Counter<long> CasesExpired = Meter.CreateCounter<long>("securityreset.cases.expired", description: "Reset cases expired.");

    internal static readonly Counter<long> CasesPurged = Meter.CreateCounter<long>("securityreset.cases.purged", description: "Ended reset cases whose personal data the purge redacted.");

    internal static readonly Counter<long> CodeFailures = Meter.CreateCounter<long>("securityreset.codes.failed", description: "Wrong, replayed or failed verifications.");

    /// <summary>Outbox messages delivered (codes, notifications, resets applied).</summary>
    internal static readonly Counter<long> MessagesDelivered = Meter.CreateCounter<long>("securityreset.outbox.delivered", description: "Outbox messages delivered.");

    /// <summary>Outbox message tries that failed and were scheduled again.</summary>
    internal static readonly Counter<long> MessagesRetried = Meter.CreateCounter<long>("securityreset.outbox.retried", description: "Outbox message tries that failed and will be retried.");

    /// <summary>Outbox messages given up after their last try.</summary>
    internal static readonly Counter<long> MessagesGivenUp = Meter.CreateCounter<long>("securityreset.outbox.given_up", description: "Outbox messages given up.");
}
