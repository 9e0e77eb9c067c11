using System.Text;
using SecurityReset.Cases;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.ConsoleHost;

/// <summary>One demo account: what the directory holds, plus the authenticator secret the "app" knows.</summary>
/// <param name="Record">The account as the directory has it.</param>
/// <param name="AuthenticatorSecret">The authenticator secret, when one is bound.</param>
/// <param name="Facts">What the questionnaire is scored against.</param>
/// <param name="Description">What the account is for, in words.</param>
internal sealed record DemoAccount(AccountRecord Record, byte[]? AuthenticatorSecret, AccountFacts Facts, string Description)
{
    public string Id => Record.AccountId;
}

/// <summary>The accounts of the in-memory directory. All data is invented.</summary>
internal static class DemoAccounts
{
    // Walkthrough accounts, one per scenario so that "one open case per account" never gets in the way.
    public static readonly DemoAccount LostAuthenticator = Account(
        "10000001", "jane.doe@example.com", "+447700900101", authenticator: true, KycLevel.None, null, "lost the authenticator");

    public static readonly DemoAccount LostEverything = Account(
        "10000002", "omar.haddad@example.net", "+4915112340002", authenticator: true, KycLevel.None, null, "lost email, phone and authenticator");

    public static readonly DemoAccount AdvancedKyc = Account(
        "10000003", "mei.lin@example.org", "+6591230003", authenticator: true, KycLevel.Advanced,
        new KycDocumentRecord(DocumentType.Passport, "SG", "K1234567Z"), "Advanced KYC, lost the phone");

    public static readonly DemoAccount SameContact = Account(
        "10000004", "dave.current@example.com", "+447700900104", authenticator: true, KycLevel.None, null, "offers the current email as the new one");

    public static readonly DemoAccount KycDocument = Account(
        "10000005", "erin.kyc@example.com", "+447700900105", authenticator: true, KycLevel.Basic,
        new KycDocumentRecord(DocumentType.Passport, "GB", "533380006"), "KYC'd with a passport");

    public static readonly DemoAccount SlowTypist = Account(
        "10000006", "frank.slow@example.com", "+447700900106", authenticator: true, KycLevel.None, null, "types the code too late");

    public static readonly DemoAccount Replayer = Account(
        "10000007", "grace.replay@example.com", "+447700900107", authenticator: true, KycLevel.None, null, "replays an authenticator code");

    public static readonly DemoAccount Guesser = Account(
        "10000008", "heidi.guess@example.com", "+447700900108", authenticator: true, KycLevel.None, null, "guesses codes");

    // Interactive accounts: the person picks one of these.
    public static readonly IReadOnlyList<DemoAccount> Interactive =
    [
        Account("20000001", "sam.rivera@example.com", "+14155550101", authenticator: true, KycLevel.None, null,
            "email, phone and authenticator; no KYC"),
        Account("20000002", "aiko.tanaka@example.jp", "+819012340002", authenticator: true, KycLevel.Advanced,
            new KycDocumentRecord(DocumentType.NationalId, "JP", "123456789012"), "Advanced KYC: the face scan is offered"),
        Account("20000003", "lee.park@example.kr", "+821012340003", authenticator: false, KycLevel.Basic,
            new KycDocumentRecord(DocumentType.Passport, "KR", "M12345678"), "email and phone only; Basic KYC with a passport"),
    ];

    public static IEnumerable<DemoAccount> All =>
        [LostAuthenticator, LostEverything, AdvancedKyc, SameContact, KycDocument, SlowTypist, Replayer, Guesser, .. Interactive];

    /// <summary>Adds every demo account to the directory.</summary>
    /// <param name="directory">The directory.</param>
    public static void Seed(InMemoryAccountDirectory directory)
    {
        foreach (var account in All)
        {
            directory.Add(account.Record, account.AuthenticatorSecret, account.Facts);
        }
    }

    private static DemoAccount Account(string id, string email, string phone, bool authenticator, KycLevel kyc, KycDocumentRecord? document, string description)
    {
        // A fixed, invented secret per account (20 bytes, as authenticator apps use).
        var secret = authenticator ? Encoding.ASCII.GetBytes($"demo-totp-{id}-secret".PadRight(20, '0')[..20]) : null;
        var facts = new AccountFacts(
            RecentTrades: ["BTC/USDT buy", "ETH/USDT sell"],
            AssetHoldings: ["BTC", "USDT"],
            DepositAddresses: [$"bc1qdemo{id}deposit"],
            WithdrawalAddresses: [$"0xdemo{id}withdrawal"],
            AntiPhishingCode: $"owl-{id[^2..]}",
            Nickname: email[..email.IndexOf('.', StringComparison.Ordinal)]);
        return new DemoAccount(new AccountRecord(id, email, phone, authenticator, kyc, document), secret, facts, description);
    }
}
