using System.Security.Cryptography;
using System.Text;
using OtpNet;
using SecurityReset.Ports;

namespace SecurityReset.Benchmarks.Support;

/// <summary>The fixed inputs every benchmark shares: one deployment key, one frozen clock, one account and its answers.</summary>
internal static class Fixtures
{
    public const string AccountId = "U-ALICE";
    public const string Email = "alice@example.com";
    public const string Phone = "+4915112345678";
    public const string NewEmail = "new.alice@example.org";
    public const string AntiPhishing = "sunflower";
    public const string TermsVersion = "2026-11";
    public const string Reviewer = "reviewer-1";

    /// <summary>A fixed deployment key: the benchmarks measure the same work on every run.</summary>
    public static readonly string SecretKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    public static readonly byte[] AuthenticatorSecret = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static readonly AccountRecord Account = new(AccountId, Email, Phone, AuthenticatorBound: true, KycLevel.None, null);

    public static readonly QuestionnaireAnswers Facts = new(["BTC/USDT"], ["BTC", "ETH"], ["bc1qdeposit"], ["bc1qwithdraw"], AntiPhishing, "alice");

    public static SecurityResetOptions Options() => new() { SecretKey = SecretKey };

    public static EvidenceReference File(string id, string mediaType = "image/jpeg", long size = 2048) =>
        new(id, mediaType, size, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))));

    /// <summary>The four required proofs; <paramref name="prefix"/> starts their file ids.</summary>
    public static IReadOnlyList<SupplementaryProof> Proofs(string prefix = "") =>
    [
        new(ProofKind.SourceOfFunds, File(prefix + "source.pdf", "application/pdf")),
        new(ProofKind.DestinationOfFunds, File(prefix + "destination.pdf", "application/pdf")),
        new(ProofKind.NotificationRecords, File(prefix + "notifications.png", "image/png")),
        new(ProofKind.FiatTransactionRecords, File(prefix + "fiat.pdf", "application/pdf")),
    ];

    public static QuestionnaireAnswers Answers() => new(["BTC/USDT"], ["BTC"], ["bc1qdeposit"], [], AntiPhishing, "alice");

    public static DocumentSubmission Document(string prefix = "") => new(DocumentType.NationalId, "DE", "L01X00T47", File(prefix + "id-front.jpg"));

    public static VerificationVideo Video(string accountId = AccountId, string prefix = "") => new(
        File(prefix + "video.mp4", "video/mp4", 5_000_000),
        new DeclaredStatement(accountId, Email, Phone, DateOnly.FromDateTime(Now.UtcDateTime), TimeSpan.Zero, "Lost my phone with the authenticator"));

    /// <summary>The authenticator code at <see cref="Now"/>.</summary>
    public static string Totp() => new Totp(AuthenticatorSecret).ComputeTotp(Now.UtcDateTime);
}

/// <summary>A clock that never moves: every run decides at the same instant.</summary>
internal sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
