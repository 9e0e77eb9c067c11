using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecurityReset.Ports;

namespace SecurityReset.CrashTests.Driver;

/// <summary>The seed's two paths through a whole case.</summary>
public enum ScenarioKind
{
    /// <summary>Authenticator and phone lost: the bound email's code, questionnaire, proofs, a new email verified by code, document, video, terms.</summary>
    Codes,

    /// <summary>An Advanced KYC account that lost its email: the face scan instead of codes.</summary>
    FaceScan,
}

/// <summary>What one step does.</summary>
public enum StepAction
{
    Open,
    SelectItems,
    RequestEmailCode,
    VerifyEmailCode,
    Questionnaire,
    Proofs,
    NewContact,
    RequestNewContactCode,
    VerifyNewContactCode,
    Document,
    Video,
    Terms,
    FaceScan,
    Submit,
    Claim,
    Approve,
    Dispatch,
}

/// <summary>One step of a scenario and the state the case is in once it committed.</summary>
public sealed record ScenarioStep(StepAction Action, CaseState After)
{
    /// <summary>A dispatcher pass: it may commit several times, or not at all.</summary>
    public bool IsDispatch => Action == StepAction.Dispatch;
}

/// <summary>A seeded account of the directory.</summary>
public sealed record ScenarioAccount(AccountRecord Record, QuestionnaireAnswers Facts, string NewEmail);

/// <summary>The scenarios' steps and accounts: the same in the parent and in every child.</summary>
public static class Scenarios
{
    private static readonly ScenarioStep[] CodeSteps =
    [
        new(StepAction.Open, CaseState.SelectingItems),
        new(StepAction.SelectItems, CaseState.VerifyingItems),
        new(StepAction.RequestEmailCode, CaseState.VerifyingItems),
        new(StepAction.Dispatch, CaseState.VerifyingItems),
        new(StepAction.VerifyEmailCode, CaseState.Questionnaire),
        new(StepAction.Questionnaire, CaseState.SupplementaryProofs),
        new(StepAction.Proofs, CaseState.IdentityVerification),
        new(StepAction.NewContact, CaseState.IdentityVerification),
        new(StepAction.RequestNewContactCode, CaseState.IdentityVerification),
        new(StepAction.Dispatch, CaseState.IdentityVerification),
        new(StepAction.VerifyNewContactCode, CaseState.IdentityVerification),
        new(StepAction.Document, CaseState.IdentityVerification),
        new(StepAction.Video, CaseState.IdentityVerification),
        new(StepAction.Terms, CaseState.IdentityVerification),
        new(StepAction.Submit, CaseState.Submitted),
        new(StepAction.Dispatch, CaseState.Submitted),
        new(StepAction.Claim, CaseState.UnderReview),
        new(StepAction.Approve, CaseState.Approved),
        new(StepAction.Dispatch, CaseState.Completed),
        new(StepAction.Dispatch, CaseState.Completed),
    ];

    private static readonly ScenarioStep[] FaceScanSteps =
    [
        new(StepAction.Open, CaseState.SelectingItems),
        new(StepAction.SelectItems, CaseState.VerifyingItems),
        new(StepAction.FaceScan, CaseState.ReadyToSubmit),
        new(StepAction.Submit, CaseState.Submitted),
        new(StepAction.Dispatch, CaseState.Submitted),
        new(StepAction.Claim, CaseState.UnderReview),
        new(StepAction.Approve, CaseState.Approved),
        new(StepAction.Dispatch, CaseState.Completed),
        new(StepAction.Dispatch, CaseState.Completed),
    ];

    public static IReadOnlyList<ScenarioStep> Steps(ScenarioKind kind) => kind == ScenarioKind.Codes ? CodeSteps : FaceScanSteps;

    public static ScenarioAccount Account(ScenarioKind kind, int n)
    {
        var tag = (kind == ScenarioKind.Codes ? "a" : "b") + n.ToString("D4", CultureInfo.InvariantCulture);
        var phone = (kind == ScenarioKind.Codes ? "+4915110" : "+4915120") + n.ToString("D5", CultureInfo.InvariantCulture);
        var record = kind == ScenarioKind.Codes
            ? new AccountRecord("U-" + tag, tag + "@example.com", phone, AuthenticatorBound: true, KycLevel.None, null)
            : new AccountRecord("U-" + tag, tag + "@example.com", phone, AuthenticatorBound: false, KycLevel.Advanced, new KycDocumentRecord(DocumentType.Passport, "DE", "C01X" + tag));
        return new ScenarioAccount(record, new QuestionnaireAnswers(["BTC/USDT"], ["BTC", "ETH"], ["bc1qdeposit"], ["bc1qwithdraw"], "sunflower", tag), "new-" + tag + "@example.org");
    }

    /// <summary>The idempotency key of a step: a retry after a crash sends the same one, as a client retrying a request does.</summary>
    public static string Key(ScenarioKind kind, int n, int index) => $"{Account(kind, n).Record.AccountId}:{index}";

    internal static QuestionnaireAnswers Answers(ScenarioAccount account) => new(["BTC/USDT"], ["BTC"], ["bc1qdeposit"], [], "sunflower", account.Facts.Nickname);

    internal static IReadOnlyList<SupplementaryProof> Proofs() =>
    [
        new(ProofKind.SourceOfFunds, File("source.pdf", "application/pdf")),
        new(ProofKind.DestinationOfFunds, File("destination.pdf", "application/pdf")),
        new(ProofKind.NotificationRecords, File("notifications.png", "image/png")),
        new(ProofKind.FiatTransactionRecords, File("fiat.pdf", "application/pdf")),
    ];

    internal static DocumentSubmission Document() => new(DocumentType.NationalId, "DE", "L01X00T99", File("id-front.jpg", "image/jpeg"));

    internal static VerificationVideo Video(ScenarioAccount account, DateTimeOffset now) => new(
        File("video.mp4", "video/mp4", 5_000_000),
        new DeclaredStatement(account.Record.AccountId, account.Record.Email!, account.Record.Phone!, DateOnly.FromDateTime(now.UtcDateTime), TimeSpan.Zero, "Lost my phone with the authenticator"));

    private static EvidenceReference File(string id, string mediaType, long size = 2048) =>
        new(id, mediaType, size, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))));
}
