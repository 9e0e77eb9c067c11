
namespace SecurityReset.Ports;

/// <summary>A verification code to deliver. <see cref="ToString"/> hides the code and the address.</summary>
/// <param name="CaseId">The case it belongs to.</param>
/// <param name="Kind">Email or SMS.</param>
/// <param name="Address">The email address or E.164 phone number.</param>
/// <param name="Code">The code in clear.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
public sealed record CodeMessage(CaseId CaseId, ContactKind Kind, string Address, string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Never shows the code or the address.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"CodeMessage {{ CaseId = {CaseId}, Kind = {Kind} }}";
}
