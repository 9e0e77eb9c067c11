using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.TestSupport;

/// <summary>Valid inputs for the steps after verification, and small variations of them.</summary>
internal static class Inputs
{
    public const string TermsVersion = "2025-01";
    public const string ValidSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static readonly QuestionnaireAnswers Answers = new(
        RecentTrades: ["BTC/USDT buy 0.10"],
        AssetHoldings: ["BTC", "USDT"],
        DepositAddresses: ["bc1qexampledeposit"],
        WithdrawalAddresses: ["0xexamplewithdrawal"],
        AntiPhishingCode: "blue-otter",
        Nickname: "alice");

    public static readonly QuestionnaireScore Score = new(3, 5);

    public static EvidenceReference File(string id = "blob-1", string mediaType = "application/pdf", long sizeBytes = 4096, string sha256 = ValidSha256) =>
        new(id, mediaType, sizeBytes, sha256);

    public static EvidenceReference VideoFile(string mediaType = "video/mp4", long sizeBytes = 10 * 1024 * 1024) =>
        new("video-1", mediaType, sizeBytes, ValidSha256);

    /// <summary>The four required kinds, each once, plus optionally the optional one.</summary>
    public static List<SupplementaryProof> Proofs(bool withOther = false)
    {
        var proofs = new List<SupplementaryProof>
        {
            new(ProofKind.SourceOfFunds, File("proof-source")),
            new(ProofKind.DestinationOfFunds, File("proof-destination")),
            new(ProofKind.NotificationRecords, File("proof-notifications", "image/png")),
            new(ProofKind.FiatTransactionRecords, File("proof-fiat", "image/jpeg")),
        };
        if (withOther)
        {
            proofs.Add(new(ProofKind.Other, File("proof-other")));
        }

        return proofs;
    }

    public static readonly IdentityDocumentReference OtherPassport = new(DocumentType.Passport, "GB", TestSecrets.Fingerprint("P7654321"));

    public static IdentityDocument Document(IdentityDocumentReference? reference = null, EvidenceReference? front = null) =>
        new(reference ?? AccountBuilder.KycPassport, front ?? File("id-front", "image/jpeg"));

    /// <summary>A statement dated today at <paramref name="now"/> in the declared offset.</summary>
    public static DeclaredStatement Statement(string uid, DateTimeOffset now, TimeSpan? utcOffset = null, string reason = "Lost my phone and authenticator") =>
        new(uid, Contacts.BoundEmailAddress, Contacts.BoundPhoneNumber, DateOnly.FromDateTime(now.ToOffset(utcOffset ?? TimeSpan.Zero).DateTime), utcOffset ?? TimeSpan.Zero, reason);

    public static VerificationVideo Video(DeclaredStatement statement, EvidenceReference? file = null) => new(file ?? VideoFile(), statement);

    /// <summary>
    /// The video command as the service hands it to the core: the statement's email and phone fingerprinted (here with
    /// the test fingerprint, exactly as written, like <see cref="Contacts"/>).
    /// </summary>
    public static SubmitVideo SubmitVideo(VerificationVideo video, bool? vendorCheckPassed = null) =>
        new(video, vendorCheckPassed, video?.Statement is { } statement ? new StatementContacts(Fingerprinted(statement.Email), Fingerprinted(statement.Phone)) : null);

    private static string? Fingerprinted(string? written) => string.IsNullOrWhiteSpace(written) ? null : TestSecrets.Fingerprint(written);

    public static ProtectedContact NewEmail => Contacts.Email("alice.new@example.org");

    public static ProtectedContact NewPhone => Contacts.Phone("+447700900999");
}
