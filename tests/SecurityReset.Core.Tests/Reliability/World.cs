using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using SecurityReset.InMemory;
using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Storage;

namespace SecurityReset.Tests.Reliability;

/// <summary>The stores a world runs on; the in-memory ones unless a durable adapter supplies its own.</summary>
public sealed record StoreSet(IResetCaseStore Cases)
{
    public static StoreSet InMemory() => new(new InMemoryResetCaseStore());
}

/// <summary>Optional decorators around the ports, for fault injection and recording.</summary>
internal sealed record PortWrappers(
    Func<IResetCaseStore, IResetCaseStore>? Store = null,
    Func<IVerificationMessenger, IVerificationMessenger>? Messenger = null,
    Func<IIdentityChecks, IIdentityChecks>? Identity = null,
    Func<IAccountDirectory, IAccountDirectory>? Directory = null);

/// <summary>The seeded accounts every reliability test uses.</summary>
internal static class Accounts
{
    public const string AliceId = "U-ALICE";
    public const string AliceEmail = "alice.liddell@example.com";
    public const string AlicePhone = "+4915112345678";
    public const string BobId = "U-BOB";
    public const string BobEmail = "bob.builder@example.com";
    public const string CarolId = "U-CAROL";
    public const string CarolEmail = "carol.danvers@example.com";
    public const string CarolPhone = "+447700900123";
    public const string CarolDocumentNumber = "C01X00T47";
    public const string UnknownEmail = "nobody.here@example.net";
    public const string UnknownPhone = "+12025550143";
    public const string AntiPhishing = "sunflower-42";

    public const string NewEmailA = "fresh.start@example.org";
    public const string NewEmailB = "second.try@example.org";
    public const string NewPhone = "+33698765432";
    public const string OtherDocumentNumber = "L01X00T99";

    public static readonly byte[] AliceSecret = Enumerable.Range(1, 20).Select(i => (byte)(i * 11)).ToArray();
    public static readonly byte[] BobSecret = Enumerable.Range(1, 20).Select(i => (byte)(200 - i)).ToArray();

    /// <summary>Every personal value a test may type or the directory may hold.</summary>
    public static IEnumerable<string> PersonalValues =>
    [
        AliceEmail, AlicePhone, BobEmail, CarolEmail, CarolPhone, UnknownEmail, UnknownPhone, NewEmailA, NewEmailB, NewPhone,
        CarolDocumentNumber, OtherDocumentNumber,
    ];
}

/// <summary>A code generator that never repeats a code within a world and remembers every code it drew.</summary>
internal sealed class LedgerCodeGenerator : IVerificationCodeGenerator
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _issued = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _issued.Count;
            }
        }
    }

    public string Generate(int length)
    {
        lock (_gate)
        {
            while (true)
            {
                var code = RandomVerificationCodeGenerator.Instance.Generate(length);
                if (_issued.Add(code))
                {
                    return code;
                }
            }
        }
    }

    /// <summary>Every code drawn so far, sent or not.</summary>
    public IReadOnlyList<string> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    /// <summary>A well-formed code this world never issued: certainly wrong for every destination.</summary>
    public string Unissued()
    {
        lock (_gate)
        {
            for (var i = 0; ; i++)
            {
                var candidate = ((i * 7919) + 123457).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)[^6..];
                if (!_issued.Contains(candidate))
                {
                    return candidate;
                }
            }
        }
    }
}

/// <summary>
/// The service wired by hand on the in-memory adapters (no container: the model test builds tens of thousands
/// of these), with a fake clock, seeded accounts and optional port decorators.
/// </summary>
internal sealed class World
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    public static readonly string SecretKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)((i * 13) + 5)).ToArray());

    public World(Action<SecurityResetOptions>? configure = null, StoreSet? stores = null, PortWrappers? wrap = null, ILoggerFactory? loggers = null)
    {
        wrap ??= new PortWrappers();
        stores ??= StoreSet.InMemory();
        Options = new SecurityResetOptions { SecretKey = SecretKey };
        configure?.Invoke(Options);
        Directory = SeedDirectory(new InMemoryAccountDirectory());
        Store = wrap.Store?.Invoke(stores.Cases) ?? stores.Cases;
        RawStore = stores.Cases;
        Service = new SecurityResetService(
            Microsoft.Extensions.Options.Options.Create(Options),
            Store,
            wrap.Messenger?.Invoke(_messenger) ?? _messenger,
            wrap.Identity?.Invoke(Identity) ?? Identity,
            wrap.Directory?.Invoke(Directory) ?? Directory,
            Clock,
            Codes,
            loggers?.CreateLogger<SecurityResetService>());
    }

    public SecurityResetOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public IResetCaseStore Store { get; }

    /// <summary>The store under any decorator: what is really stored.</summary>
    public IResetCaseStore RawStore { get; }

    private readonly RecordingMessenger _messenger = new();

    /// <summary>
    /// The recording messenger, read after the dispatcher delivered everything due: what the recipients have
    /// received by the time a host's delivery loop caught up with the last request.
    /// </summary>
    public RecordingMessenger Outbox
    {
        get
        {
            Deliver();
            return _messenger;
        }
    }

    /// <summary>The recording messenger as it is, without running the dispatcher first.</summary>
    public RecordingMessenger Received => _messenger;

    public InMemoryAccountDirectory Directory { get; }

    public InMemoryIdentityChecks Identity { get; } = new();

    public LedgerCodeGenerator Codes { get; } = new();

    public SecurityResetService Service { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static InMemoryAccountDirectory SeedDirectory(InMemoryAccountDirectory directory) => directory
        .Add(new AccountRecord(Accounts.AliceId, Accounts.AliceEmail, Accounts.AlicePhone, AuthenticatorBound: true, KycLevel.None, null), Accounts.AliceSecret,
            new QuestionnaireAnswers(["BTC/USDT"], ["BTC", "ETH"], ["bc1qdeposit"], ["bc1qwithdraw"], Accounts.AntiPhishing, "alice"))
        .Add(new AccountRecord(Accounts.BobId, Accounts.BobEmail, null, AuthenticatorBound: true, KycLevel.Basic, null), Accounts.BobSecret)
        .Add(new AccountRecord(Accounts.CarolId, Accounts.CarolEmail, Accounts.CarolPhone, AuthenticatorBound: false, KycLevel.Advanced,
            new KycDocumentRecord(DocumentType.Passport, "DE", Accounts.CarolDocumentNumber)));

    public static EvidenceReference File(string id, string mediaType = "image/jpeg", long size = 2048) =>
        new(id, mediaType, size, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))));

    public static IReadOnlyList<SupplementaryProof> Proofs() =>
    [
        new(ProofKind.SourceOfFunds, File("source.pdf", "application/pdf")),
        new(ProofKind.DestinationOfFunds, File("destination.pdf", "application/pdf")),
        new(ProofKind.NotificationRecords, File("notifications.png", "image/png")),
        new(ProofKind.FiatTransactionRecords, File("fiat.pdf", "application/pdf")),
    ];

    public static QuestionnaireAnswers Answers() => new(["BTC/USDT"], ["BTC"], ["bc1qdeposit"], [], Accounts.AntiPhishing, "alice");

    public static DocumentSubmission Document(string number = Accounts.OtherDocumentNumber, DocumentType type = DocumentType.NationalId, string country = "DE") =>
        new(type, country, number, File("id-front.jpg"));

    public static DocumentSubmission CarolDocument() => Document(Accounts.CarolDocumentNumber, DocumentType.Passport);

    /// <summary>A video whose statement names the account's bound email and phone (Alice's for an account the directory does not know).</summary>
    public VerificationVideo Video(string uid, int dayOffset = 0)
    {
        var account = Directory.Find(uid);
        return new(
            File("video.mp4", "video/mp4", 5_000_000),
            new DeclaredStatement(uid, account?.Email ?? Accounts.AliceEmail, account?.Phone ?? Accounts.AlicePhone, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(dayOffset), TimeSpan.Zero, "Lost my phone with the authenticator"));
    }

    public string Totp(byte[] secret) => new Totp(secret).ComputeTotp(Clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The passing face-scan session of an account, (re)started for a case (its nonce): the same session id every time,
    /// bound to the case of the last call.
    /// </summary>
    public string PassingScan(CaseId caseId, string accountId = Accounts.CarolId)
    {
        const string session = "scan-pass";
        Identity.RegisterFaceScan(accountId, caseId, session, passed: true);
        return session;
    }

    /// <summary>The last code sent in a case to an address, or <see langword="null"/>.</summary>
    public string? LastCodeTo(CaseId id, string address)
    {
        return Outbox.Codes.LastOrDefault(c => c.CaseId == id && c.Address == address)?.Code;
    }

    /// <summary>
    /// Alice's case through every applicant step to Submitted: the phone and authenticator lost, the bound email
    /// verified, a verified new email (<see cref="Accounts.NewEmailA"/>), the document, the video and the terms.
    /// </summary>
    /// <param name="open">How the case is opened (signed in, or signed out with Alice's email).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The submitted case.</returns>
    public async Task<CaseId> SubmittedAliceCaseAsync(OpenCaseRequest open, CancellationToken cancellationToken)
    {
        var opened = await Service.OpenTrackedAsync(open, cancellationToken: cancellationToken);
        var id = Ok(opened).View!.Id;
        Ok(await Service.SelectItemsAsync(id, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: cancellationToken));
        Ok(await Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: cancellationToken));
        Ok(await Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, LastCodeTo(id, Accounts.AliceEmail)!, cancellationToken: cancellationToken));
        Ok(await Service.AnswerQuestionnaireAsync(id, Answers(), cancellationToken: cancellationToken));
        Ok(await Service.ProvideProofsAsync(id, Proofs(), cancellationToken: cancellationToken));
        Ok(await Service.SetNewContactAsync(id, ContactKind.Email, Accounts.NewEmailA, cancellationToken: cancellationToken));
        Ok(await Service.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: cancellationToken));
        Ok(await Service.VerifyCodeAsync(id, VerificationTarget.NewContact, LastCodeTo(id, Accounts.NewEmailA)!, cancellationToken: cancellationToken));
        Ok(await Service.SubmitDocumentAsync(id, Document(), cancellationToken: cancellationToken));
        Ok(await Service.SubmitVideoAsync(id, Video(Accounts.AliceId), cancellationToken: cancellationToken));
        Ok(await Service.AcceptTermsAsync(id, "2026-11", cancellationToken: cancellationToken));
        Assert.Equal(CaseState.Submitted, Ok(await Service.SubmitAsync(id, cancellationToken: cancellationToken)).View!.State);
        return id;

        static ResetResult<ApplicantCaseView> Ok(ResetResult<ApplicantCaseView> result)
        {
            Assert.True(result.Succeeded, result.ErrorCode);
            return result;
        }
    }

    /// <summary>Runs the dispatcher until nothing is due: what a host's delivery loop does between requests.</summary>
    /// <returns>How many messages were settled.</returns>
    public int Deliver()
    {
        var settled = 0;
        while (Sync.Run(Service.DispatchAsync(100, CancellationToken.None)) is > 0 and var batch)
        {
            settled += batch;
        }

        return settled;
    }

    public ResetCase? Load(CaseId id) => Stored(id) is { } stored ? CaseSnapshotSerializer.FromStored(stored) : null;

    /// <summary>The case as the store holds it: equal to an earlier read exactly when nothing was written since.</summary>
    public StoredCase? Stored(CaseId id) => Sync.Run(RawStore.LoadAsync(id, CancellationToken.None));

    public IReadOnlyList<SecurityReset.Ports.CaseEvent> Events(CaseId id) => Sync.Run(RawStore.ReadEventsAsync(id, CancellationToken.None));

    public AccountGuard? Guard(string accountId) => Sync.Run(RawStore.LoadGuardAsync(accountId, CancellationToken.None));

    /// <summary>The account's limits as its stored guard holds them.</summary>
    public AccountLimits Limits(string accountId) => AccountLimits.Of(Guard(accountId));

    /// <summary>The failed checks of a factor the account's guard counts now.</summary>
    public int Failures(string accountId, AccountFactor factor) => Limits(accountId).Failures(factor, Clock.GetUtcNow(), Options.Lockout.Window);

    /// <summary>The codes to a bound contact (or a new contact's fingerprint) the account's guard counts now.</summary>
    public int Sends(string accountId, VerificationTarget target, ProtectedContact? newContact = null) =>
        Limits(accountId).Sends(SendDestination.Of(target, newContact), Clock.GetUtcNow(), Options.Lockout.Window);
}

/// <summary>
/// Runs the service's tasks to completion on the calling thread. On the in-memory adapters every task the
/// service returns has already completed (nothing in it yields), so this never blocks; <see cref="Blocked"/>
/// counts the calls that did not, for the model test to report.
/// </summary>
internal static class Sync
{
    private static long _blocked;

    public static long Blocked => Interlocked.Read(ref _blocked);

    public static T Run<T>(Task<T> task)
    {
        if (!task.IsCompleted)
        {
            Interlocked.Increment(ref _blocked);
        }

        return task.GetAwaiter().GetResult();
    }
}

/// <summary>A thread-safe bag of counters the reliability tests report.</summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string key, long by = 1) => _counts.AddOrUpdate(key, by, (_, v) => v + by);

    public long this[string key] => _counts.GetValueOrDefault(key);

    public override string ToString() => string.Join(", ", _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>Reads snapshots back from a case store, as the service does.</summary>
internal static class StoredCaseReading
{
    public static async Task<ResetCase?> LoadCaseAsync(this IResetCaseStore store, CaseId id, CancellationToken cancellationToken) =>
        await store.LoadAsync(id, cancellationToken) is { } stored ? CaseSnapshotSerializer.FromStored(stored) : null;
}
