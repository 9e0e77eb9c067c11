
namespace SecurityReset.Ports;

/// <summary>A notification to one channel bound to the account. <see cref="ToString"/> hides the address.</summary>
/// <param name="MessageId">The outbox message id: the same for every try, so a gateway adapter can drop duplicates.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">Email or SMS.</param>
/// <param name="Address">The bound email address or phone number.</param>
/// <param name="Subject">What it is about.</param>
public sealed record Notification(Guid MessageId, CaseId CaseId, ContactKind Kind, string Address, NotificationKind Subject)
{
    /// <summary>Never shows the address.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"Notification {{ MessageId = {MessageId}, CaseId = {CaseId}, Kind = {Kind}, Subject = {Subject} }}";
}
