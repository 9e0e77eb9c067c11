
namespace SecurityReset.Tests.TestSupport;

/// <summary>Builds protected contacts as the service would hand them to the core.</summary>
internal static class Contacts
{
    public const string BoundEmailAddress = "alice@example.com";
    public const string BoundPhoneNumber = "+447700900123";

    /// <summary>An email contact whose fingerprint is the test fingerprint of the address exactly as given.</summary>
    public static ProtectedContact Email(string address) =>
        new(ContactKind.Email, $"{address[0]}***", TestSecrets.Fingerprint(address), Sealed: "sealed:" + TestSecrets.Fingerprint("seal" + address));

    /// <summary>A phone contact whose fingerprint is the test fingerprint of the number exactly as given.</summary>
    public static ProtectedContact Phone(string e164) =>
        new(ContactKind.Phone, $"***{e164[^2..]}", TestSecrets.Fingerprint(e164), Sealed: "sealed:" + TestSecrets.Fingerprint("seal" + e164));

    /// <summary>A contact with a given fingerprint, for rules that only compare fingerprints.</summary>
    public static ProtectedContact WithFingerprint(ContactKind kind, string fingerprint) =>
        new(kind, "***", fingerprint, Sealed: "sealed:" + fingerprint);
}

/// <summary>
/// Builds <see cref="AccountSnapshot"/> values. The default account has email, phone and authenticator bound
/// and no KYC.
/// </summary>
internal sealed class AccountBuilder
{
    public const string DefaultAccountId = "U10203040";

    public static readonly IdentityDocumentReference KycPassport =
        new(DocumentType.Passport, "GB", TestSecrets.Fingerprint("P1234567"));

    private string _accountId = DefaultAccountId;
    private ProtectedContact? _email = Contacts.Email(Contacts.BoundEmailAddress);
    private ProtectedContact? _phone = Contacts.Phone(Contacts.BoundPhoneNumber);
    private bool _authenticator = true;
    private KycLevel _kyc = KycLevel.None;
    private IdentityDocumentReference? _kycDocument;

    public static AccountBuilder Default() => new();

    public AccountBuilder WithId(string accountId)
    {
        _accountId = accountId;
        return this;
    }

    public AccountBuilder WithEmail(ProtectedContact? email)
    {
        _email = email;
        return this;
    }

    public AccountBuilder WithPhone(ProtectedContact? phone)
    {
        _phone = phone;
        return this;
    }

    public AccountBuilder WithoutEmail() => WithEmail(null);

    public AccountBuilder WithoutPhone() => WithPhone(null);

    public AccountBuilder WithAuthenticator(bool bound = true)
    {
        _authenticator = bound;
        return this;
    }

    public AccountBuilder WithoutAuthenticator() => WithAuthenticator(false);

    /// <summary>Binds exactly the given items, with the default contacts.</summary>
    public AccountBuilder WithBound(SecurityItems items)
    {
        _email = (items & SecurityItems.Email) != 0 ? Contacts.Email(Contacts.BoundEmailAddress) : null;
        _phone = (items & SecurityItems.Phone) != 0 ? Contacts.Phone(Contacts.BoundPhoneNumber) : null;
        _authenticator = (items & SecurityItems.Authenticator) != 0;
        return this;
    }

    /// <summary>Sets the KYC level; a KYC'd account gets <see cref="KycPassport"/> unless another document is given.</summary>
    public AccountBuilder WithKyc(KycLevel level, IdentityDocumentReference? document = null)
    {
        _kyc = level;
        _kycDocument = level == KycLevel.None ? document : document ?? KycPassport;
        return this;
    }

    /// <summary>Sets the KYC level and document exactly as given (the document may be missing).</summary>
    public AccountBuilder WithKycExactly(KycLevel level, IdentityDocumentReference? document)
    {
        _kyc = level;
        _kycDocument = document;
        return this;
    }

    public AccountSnapshot Build() => new(_accountId, _email, _phone, _authenticator, _kyc, _kycDocument);
}
