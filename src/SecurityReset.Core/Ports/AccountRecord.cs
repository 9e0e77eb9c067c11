
namespace SecurityReset.Ports;

/// <summary>An account as the host's directory knows it. Holds personal data: never log it.</summary>
/// <param name="AccountId">The account id (UID).</param>
/// <param name="Email">The bound email address, or <see langword="null"/>.</param>
/// <param name="Phone">The bound E.164 phone number, or <see langword="null"/>.</param>
/// <param name="AuthenticatorBound">Whether an authenticator is bound.</param>
/// <param name="Kyc">The KYC level.</param>
/// <param name="KycDocument">The document KYC used, or <see langword="null"/>.</param>
public sealed record AccountRecord(string AccountId, string? Email, string? Phone, bool AuthenticatorBound, KycLevel Kyc, KycDocumentRecord? KycDocument)
{
    /// <summary>Never shows contacts or document numbers.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"AccountRecord {{ Kyc = {Kyc}, AuthenticatorBound = {AuthenticatorBound} }}";
}
