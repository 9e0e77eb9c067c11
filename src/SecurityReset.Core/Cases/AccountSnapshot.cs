using System.Text.Json.Serialization;

namespace SecurityReset;

/// <summary>
/// What the case knows of the account when it was opened. Built by the service from the account directory;
/// contacts are fingerprinted and masked, the KYC document is reduced to a fingerprint. Immutable and thread-safe.
/// </summary>
/// <param name="AccountId">The account's identifier in the host (its UID).</param>
/// <param name="Email">The bound email address, or <see langword="null"/> when none is bound.</param>
/// <param name="Phone">The bound phone number, or <see langword="null"/> when none is bound.</param>
/// <param name="AuthenticatorBound">Whether an authenticator app is bound.</param>
/// <param name="Kyc">The KYC level.</param>
/// <param name="KycDocument">The document KYC used, or <see langword="null"/> when KYC used none.</param>
internal sealed record AccountSnapshot(
    string AccountId,
    ProtectedContact? Email,
    ProtectedContact? Phone,
    bool AuthenticatorBound,
    KycLevel Kyc,
    IdentityDocumentReference? KycDocument)
{
    /// <summary>The items bound to the account.</summary>
    [JsonIgnore]
    public SecurityItems BoundItems =>
        (Email is null ? SecurityItems.None : SecurityItems.Email)
        | (Phone is null ? SecurityItems.None : SecurityItems.Phone)
        | (AuthenticatorBound ? SecurityItems.Authenticator : SecurityItems.None);

    /// <summary>How the id of a stand-in account begins (the account a signed-out identifier that matches none gets).</summary>
    public const string StandInPrefix = "~";

    /// <summary>
    /// Whether this is a stand-in account: nothing proven on it proves an owner, so a success on it gives back
    /// none of the account's failure budget.
    /// </summary>
    [JsonIgnore]
    public bool IsStandIn => AccountId.StartsWith(StandInPrefix, StringComparison.Ordinal);

    /// <summary>The bound contact of a kind, or <see langword="null"/>.</summary>
    /// <param name="kind">Email or phone.</param>
    /// <returns>The bound contact.</returns>
    public ProtectedContact? BoundContact(ContactKind kind) => kind == ContactKind.Email ? Email : Phone;
}
