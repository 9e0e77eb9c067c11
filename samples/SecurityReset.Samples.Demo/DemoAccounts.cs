using System.Text;
using OtpNet;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.Samples.Demo;

/// <summary>One demo account: what the directory holds, plus the authenticator secret its "app" knows. Immutable.</summary>
public sealed class DemoAccount
{
    private readonly byte[]? _authenticatorSecret;

    internal DemoAccount(AccountRecord record, byte[]? authenticatorSecret, QuestionnaireAnswers facts, string description)
    {
        Record = record;
        _authenticatorSecret = authenticatorSecret;
        Facts = facts;
        Description = description;
    }

    /// <summary>The account as the directory has it.</summary>
    public AccountRecord Record { get; }

    /// <summary>What the questionnaire is scored against.</summary>
    public QuestionnaireAnswers Facts { get; }

    /// <summary>What the account is for, in words.</summary>
    public string Description { get; }

    /// <summary>The account id (UID).</summary>
    public string Id => Record.AccountId;

    /// <summary>The code the account's authenticator app shows at a time (the demo plays the app).</summary>
    /// <param name="now">The current time, from the host's clock.</param>
    /// <returns>The code, or <see langword="null"/> without an authenticator.</returns>
    public string? AuthenticatorCode(DateTimeOffset now) =>
        _authenticatorSecret is null ? null : new Totp(_authenticatorSecret).ComputeTotp(now.UtcDateTime);

    internal void AddTo(InMemoryAccountDirectory directory) => directory.Add(Record, _authenticatorSecret, Facts);
}

/// <summary>
/// The accounts of the sample hosts' in-memory directory, the same in every sample. All data is invented.
/// Thread-safe: the list never changes.
/// </summary>
public static class DemoAccounts
{
    // One account per walkthrough scenario, so that "one open case per account" never gets in the way.

    /// <summary>Lost the authenticator: the email and SMS codes, then every other step.</summary>
    public static DemoAccount LostAuthenticator { get; } = Account(
        "10000001", "jane.doe@example.com", "+447700900101", authenticator: true, KycLevel.None, null,
        "Lost the authenticator: select Authenticator, verify the email and SMS codes, then the questionnaire, proofs and identity steps.");

    /// <summary>Lost every item: nothing is left to verify.</summary>
    public static DemoAccount LostEverything { get; } = Account(
        "10000002", "omar.haddad@example.net", "+4915112340002", authenticator: true, KycLevel.None, null,
        "Lost email, phone and authenticator: select all three; nothing is left to verify, every other step follows.");

    /// <summary>Advanced KYC: the face scan replaces the codes.</summary>
    public static DemoAccount AdvancedKyc { get; } = Account(
        "10000003", "mei.lin@example.org", "+6591230003", authenticator: true, KycLevel.Advanced,
        new KycDocumentRecord(DocumentType.Passport, "SG", "K1234567Z"),
        "Advanced KYC (passport SG K1234567Z): the face scan replaces the codes and nothing more is asked.");

    /// <summary>Offers the email bound now as the new one.</summary>
    public static DemoAccount SameContact { get; } = Account(
        "10000004", "dave.current@example.com", "+447700900104", authenticator: true, KycLevel.None, null, "Offers the current email as the new one.");

    /// <summary>Did Basic KYC with a passport: the same document is required.</summary>
    public static DemoAccount KycDocument { get; } = Account(
        "10000005", "erin.kyc@example.com", "+447700900105", authenticator: true, KycLevel.Basic,
        new KycDocumentRecord(DocumentType.Passport, "GB", "533380006"), "KYC'd with a passport: the same document is required.");

    /// <summary>Types a code after it expired.</summary>
    public static DemoAccount SlowTypist { get; } = Account(
        "10000006", "frank.slow@example.com", "+447700900106", authenticator: true, KycLevel.None, null, "Types the code too late.");

    /// <summary>Replays an authenticator code.</summary>
    public static DemoAccount Replayer { get; } = Account(
        "10000007", "grace.replay@example.com", "+447700900107", authenticator: true, KycLevel.None, null, "Replays an authenticator code.");

    /// <summary>Guesses codes.</summary>
    public static DemoAccount Guesser { get; } = Account(
        "10000008", "heidi.guess@example.com", "+447700900108", authenticator: true, KycLevel.None, null, "Guesses codes.");

    /// <summary>Someone else asks for a reset; the owner disputes it from the phone during the dispute window.</summary>
    public static DemoAccount Disputer { get; } = Account(
        "10000009", "ivan.owner@example.com", "+447700900109", authenticator: true, KycLevel.None, null,
        "Someone who reads the owner's email asks for a reset; the owner says \"this wasn't me\" from the phone before it applies.");

    /// <summary>The accounts a person picks from at the console prompt.</summary>
    public static IReadOnlyList<DemoAccount> Interactive { get; } =
    [
        Account("20000001", "sam.rivera@example.com", "+14155550101", authenticator: true, KycLevel.None, null,
            "email, phone and authenticator; no KYC"),
        Account("20000002", "aiko.tanaka@example.jp", "+819012340002", authenticator: true, KycLevel.Advanced,
            new KycDocumentRecord(DocumentType.NationalId, "JP", "123456789012"), "Advanced KYC: the face scan is offered"),
        Account("20000003", "lee.park@example.kr", "+821012340003", authenticator: false, KycLevel.Basic,
            new KycDocumentRecord(DocumentType.Passport, "KR", "M12345678"), "email and phone only; Basic KYC with a passport"),
    ];

    /// <summary>The accounts a start page lists: one per path of the help-centre article.</summary>
    public static IReadOnlyList<DemoAccount> Showcase { get; } = [LostAuthenticator, LostEverything, AdvancedKyc, Interactive[0]];

    /// <summary>Every demo account.</summary>
    public static IReadOnlyList<DemoAccount> All { get; } =
        [LostAuthenticator, LostEverything, AdvancedKyc, SameContact, KycDocument, SlowTypist, Replayer, Guesser, Disputer, .. Interactive];

    /// <summary>Adds every demo account to the directory.</summary>
    /// <param name="directory">The directory.</param>
    public static void Seed(InMemoryAccountDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        foreach (var account in All)
        {
            account.AddTo(directory);
        }
    }

    /// <summary>The demo account with an id.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The account, or <see langword="null"/> when no demo account has the id.</returns>
    public static DemoAccount? Find(string accountId) => All.FirstOrDefault(a => a.Id == accountId);

    private static DemoAccount Account(string id, string email, string phone, bool authenticator, KycLevel kyc, KycDocumentRecord? document, string description)
    {
        // A fixed, invented secret per account (20 bytes, as authenticator apps use).
        var secret = authenticator ? Encoding.ASCII.GetBytes($"demo-totp-{id}-secret".PadRight(20, '0')[..20]) : null;
        var facts = new QuestionnaireAnswers(
            RecentTrades: ["BTC/USDT buy", "ETH/USDT sell"],
            AssetHoldings: ["BTC", "USDT"],
            DepositAddresses: [$"bc1qdemo{id}deposit"],
            WithdrawalAddresses: [$"0xdemo{id}withdrawal"],
            AntiPhishingCode: $"owl-{id[^2..]}",
            Nickname: email[..email.IndexOf('.', StringComparison.Ordinal)]);
        return new DemoAccount(new AccountRecord(id, email, phone, authenticator, kyc, document), secret, facts, description);
    }
}
