
namespace SecurityReset.Ports;

/// <summary>A verification code to deliver. <see cref="ToString"/> hides the code and the address.</summary>
/// <param name="MessageId">The outbox message id: the same for every try, so a gateway adapter can drop duplicates.</param>
/// <param name="CaseId">The case it belongs to.</param>
/// <param name="Kind">Email or SMS.</param>
/// <param name="Address">The email address or E.164 phone number.</param>
/// <param name="Code">The code in clear.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
public sealed record CodeMessage(Guid MessageId, CaseId CaseId, ContactKind Kind, string Address, string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Never shows the code or the address.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"CodeMessage {{ MessageId = {MessageId}, CaseId = {CaseId}, Kind = {Kind} }}";
}
