using SecurityReset.Ports;

namespace SecurityReset.Delivery;

/// <summary>What an outbox message asks for.</summary>
internal enum OutboxKind
{
    /// <summary>Send a verification code.</summary>
    Code = 0,

    /// <summary>Send a notification to a bound channel.</summary>
    Notice = 1,

    /// <summary>Apply an approved reset through the account directory.</summary>
    Reset = 2,
}

/// <summary>
/// The sealed inside of an outbox message: everything its delivery needs, resolved when the command was committed,
/// so the dispatcher asks no port but the one that delivers. Addresses and codes are in clear here, and only here:
/// <see cref="OutboxSealer"/> seals the whole record before it reaches the store.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="AccountId">The account of the case.</param>
/// <param name="Channel">Email or SMS, for a code or a notice.</param>
/// <param name="Address">Where to send a code or a notice.</param>
/// <param name="Code">The code in clear, for <see cref="OutboxKind.Code"/>.</param>
/// <param name="Target">The destination the code verifies.</param>
/// <param name="ExpiresAt">When the code stops being accepted (no use sending it after).</param>
/// <param name="Subject">What a notice is about.</param>
/// <param name="Unbind">The items a reset unbinds.</param>
/// <param name="NewContactKind">The kind of the verified new contact a reset binds, if any.</param>
/// <param name="NewContactAddress">The verified new contact in clear, if any.</param>
/// <param name="NotifyAfterReset">The channels bound before the reset: they hear that it was completed.</param>
/// <param name="DisputeToken">The "this wasn't me" token a notice carries, in clear (the case keeps only its hash).</param>
internal sealed record OutboxContent(
    OutboxKind Kind,
    string AccountId,
    ContactKind? Channel = null,
    string? Address = null,
    string? Code = null,
    VerificationTarget? Target = null,
    DateTimeOffset? ExpiresAt = null,
    NotificationKind? Subject = null,
    SecurityItems Unbind = SecurityItems.None,
    ContactKind? NewContactKind = null,
    string? NewContactAddress = null,
    IReadOnlyList<BoundChannel>? NotifyAfterReset = null,
    string? DisputeToken = null)
{
    /// <summary>A short, non-personal name for logs and the audit trail: <c>code/BoundEmail</c>, <c>notice/CaseSubmitted</c>, <c>reset</c>.</summary>
    public string Describe() => Kind switch
    {
        OutboxKind.Code => $"code/{Target}",
        OutboxKind.Notice => $"notice/{Subject}",
        _ => "reset",
    };

    /// <summary>Never shows an address, a code or a token: only what <see cref="Describe"/> gives.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"OutboxContent {{ {Describe()} }}";
}

/// <summary>A channel bound to the account, in clear (only ever inside a sealed outbox message).</summary>
/// <param name="Kind">Email or SMS.</param>
/// <param name="Address">The address.</param>
internal sealed record BoundChannel(ContactKind Kind, string Address)
{
    /// <summary>Never shows the address.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"BoundChannel {{ Kind = {Kind} }}";
}
