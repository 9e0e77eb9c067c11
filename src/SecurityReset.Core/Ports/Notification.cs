
namespace SecurityReset.Ports;

/// <summary>
/// A notification to one channel bound to the account (or to the verified new contact, for a decision).
/// <see cref="ToString"/> hides the address and the token.
/// </summary>
/// <param name="MessageId">The outbox message id: the same for every try, so a gateway adapter can drop duplicates.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">Email or SMS.</param>
/// <param name="Address">The bound email address or phone number.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="DisputeToken">
/// The single-use "this wasn't me" token for this recipient, or <see langword="null"/>: put it in a link to the host's
/// dispute page, which passes it to <see cref="SecurityResetService.DisputeAsync"/>. A secret for the recipient only:
/// never log it; <see cref="ToString"/> hides it.
/// </param>
public sealed record Notification(Guid MessageId, CaseId CaseId, ContactKind Kind, string Address, NotificationKind Subject, string? DisputeToken = null)
{
    /// <summary>Never shows the address.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"Notification {{ MessageId = {MessageId}, CaseId = {CaseId}, Kind = {Kind}, Subject = {Subject}, HasDisputeToken = {DisputeToken is not null} }}";
}
