using System.Globalization;
using System.Text;
using OtpNet;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.WebHost.Tests.TestSupport;

/// <summary>An account a test added to the directory.</summary>
public sealed record TestAccount(AccountRecord Record, byte[] Secret)
{
    public string Id => Record.AccountId;

    public string Email => Record.Email!;

    public string Phone => Record.Phone!;

    /// <summary>The authenticator app's code at a time.</summary>
    public string Totp(DateTimeOffset at) => new Totp(Secret).ComputeTotp(at.UtcDateTime);
}

/// <summary>Makes unique invented accounts, so that tests sharing a host never share an account.</summary>
public static class TestAccounts
{
    private static int s_next;

    public static TestAccount Add(InMemoryAccountDirectory directory, bool authenticator = true, KycLevel kyc = KycLevel.None, KycDocumentRecord? document = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var n = Interlocked.Increment(ref s_next) + (Environment.ProcessId % 1000 * 1000);
        var id = (40_000_000 + n).ToString(CultureInfo.InvariantCulture);
        var secret = Encoding.ASCII.GetBytes($"test-totp-{id}-secret".PadRight(20, '0')[..20]);
        var record = new AccountRecord(id, $"user{id}@example.test", $"+4477{id}", authenticator, kyc, document);
        var facts = new QuestionnaireAnswers(["BTC/USDT buy"], ["BTC"], ["bc1qtest"], ["0xtest"], "owl-77", "tester");
        directory.Add(record, authenticator ? secret : null, facts);
        return new TestAccount(record, secret);
    }
}
