using System.Text;
using OtpNet;
using SecurityReset.Cases;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.WebHost.Demo;

/// <summary>One demo account: what the directory holds, and what the start page tells about it.</summary>
/// <param name="Record">The account as the directory has it.</param>
/// <param name="AuthenticatorSecret">The authenticator secret, when one is bound.</param>
/// <param name="Facts">What the questionnaire is scored against.</param>
/// <param name="Path">The seed path it shows.</param>
internal sealed record DemoAccount(AccountRecord Record, byte[]? AuthenticatorSecret, AccountFacts Facts, string Path)
{
    public string Id => Record.AccountId;

    /// <summary>The code the account's authenticator app shows now (the demo plays the app).</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The code, or <see langword="null"/> without an authenticator.</returns>
    public string? AuthenticatorCode(DateTimeOffset now) =>
        AuthenticatorSecret is null ? null : new Totp(AuthenticatorSecret).ComputeTotp(now.UtcDateTime);
}

/// <summary>The accounts of the in-memory directory, one per path of the help-centre article. All data is invented.</summary>
internal static class DemoAccounts
{
    public static readonly DemoAccount LostAuthenticator = Account(
        "30000001", "jane.doe@example.com", "+447700900101", authenticator: true, KycLevel.None, null,
        "Lost the authenticator: select Authenticator, verify the email and SMS codes, then the questionnaire, proofs and identity steps.");

    public static readonly DemoAccount LostEverything = Account(
        "30000002", "omar.haddad@example.net", "+4915112340002", authenticator: true, KycLevel.None, null,
        "Lost email, phone and authenticator: select all three; nothing is left to verify, every other step follows.");

    public static readonly DemoAccount AdvancedKyc = Account(
        "30000003", "mei.lin@example.org", "+6591230003", authenticator: true, KycLevel.Advanced,
        new KycDocumentRecord(DocumentType.Passport, "SG", "K1234567Z"),
        "Advanced KYC (passport SG K1234567Z): the face scan replaces the codes and nothing more is asked.");

    public static readonly DemoAccount KeepsAuthenticator = Account(
        "30000004", "sam.rivera@example.com", "+14155550104", authenticator: true, KycLevel.None, null,
        "Lost the phone: verify the email code and the authenticator code (the outbox panel plays the app).");

    public static IReadOnlyList<DemoAccount> All { get; } = [LostAuthenticator, LostEverything, AdvancedKyc, KeepsAuthenticator];

    /// <summary>Adds every demo account to the directory.</summary>
    /// <param name="directory">The directory.</param>
    public static void Seed(InMemoryAccountDirectory directory)
    {
        foreach (var account in All)
        {
            directory.Add(account.Record, account.AuthenticatorSecret, account.Facts);
        }
    }

    public static DemoAccount? Find(string accountId) => All.FirstOrDefault(a => a.Id == accountId);

    private static DemoAccount Account(string id, string email, string phone, bool authenticator, KycLevel kyc, KycDocumentRecord? document, string path)
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
        return new DemoAccount(new AccountRecord(id, email, phone, authenticator, kyc, document), secret, facts, path);
    }
}
