using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Service;

/// <summary>A service wired through AddSecurityReset on the in-memory adapters, with a fake clock and seeded accounts.</summary>
internal sealed class ServiceFixture : IDisposable
{
    public const string AliceId = "U-ALICE";
    public const string AliceEmail = "alice@example.com";
    public const string AlicePhone = "+4915112345678";
    public const string BobId = "U-BOB";
    public const string CarolId = "U-CAROL";
    public const string AntiPhishing = "sunflower";

    public static readonly byte[] AliceSecret = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
    public static readonly KycDocumentRecord CarolKycDocument = new(DocumentType.Passport, "DE", "C01X00T47");

    private readonly ServiceProvider _provider;
    private readonly RecordingMessenger _messenger;

    public ServiceFixture(IVerificationMessenger? messenger = null, Action<SecurityResetOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        if (messenger is not null)
        {
            services.AddSingleton(messenger);
        }

        services.AddSecurityReset(o =>
            {
                o.SecretKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
                configure?.Invoke(o);
            })
            .UseInMemoryStore()
            .UseRecordingMessenger()
            .UseInMemoryAccountDirectory(d => d
                .Add(new AccountRecord(AliceId, AliceEmail, AlicePhone, AuthenticatorBound: true, KycLevel.None, null), AliceSecret,
                    new QuestionnaireAnswers(["BTC/USDT"], ["BTC", "ETH"], ["bc1qdeposit"], ["bc1qwithdraw"], AntiPhishing, "alice"))
                .Add(new AccountRecord(BobId, "bob@example.com", "+33612345678", AuthenticatorBound: true, KycLevel.Basic, null), AliceSecret)
                .Add(new AccountRecord(CarolId, "carol@example.com", "+447700900123", AuthenticatorBound: false, KycLevel.Advanced, CarolKycDocument)))
            .UseInMemoryIdentityChecks();
        _provider = services.BuildServiceProvider();
        Service = _provider.GetRequiredService<SecurityResetService>();
        _messenger = _provider.GetRequiredService<RecordingMessenger>();
        Directory = _provider.GetRequiredService<InMemoryAccountDirectory>();
        Identity = _provider.GetRequiredService<InMemoryIdentityChecks>();
        Store = _provider.GetRequiredService<IResetCaseStore>();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public SecurityResetService Service { get; }

    /// <summary>
    /// The recording messenger, read after the dispatcher delivered everything due: what the recipients have
    /// received by the time a host's delivery loop caught up with the last request.
    /// </summary>
    public RecordingMessenger Outbox
    {
        get
        {
            DeliverAsync().GetAwaiter().GetResult();
            return _messenger;
        }
    }

    public InMemoryAccountDirectory Directory { get; }

    public InMemoryIdentityChecks Identity { get; }

    public IResetCaseStore Store { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static EvidenceReference File(string id, string mediaType = "image/jpeg", long size = 2048) =>
        new(id, mediaType, size, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))));

    public static IReadOnlyList<SupplementaryProof> Proofs() =>
    [
        new(ProofKind.SourceOfFunds, File("source.pdf", "application/pdf")),
        new(ProofKind.DestinationOfFunds, File("destination.pdf", "application/pdf")),
        new(ProofKind.NotificationRecords, File("notifications.png", "image/png")),
        new(ProofKind.FiatTransactionRecords, File("fiat.pdf", "application/pdf")),
    ];

    public static QuestionnaireAnswers Answers(string antiPhishing = AntiPhishing) =>
        new(["BTC/USDT"], ["BTC"], ["bc1qdeposit"], [], antiPhishing, "alice");

    public string Totp(byte[] secret) => new Totp(secret).ComputeTotp(Clock.GetUtcNow().UtcDateTime);

    /// <summary>A video whose statement names the account's bound email and phone (Alice's for an account the directory does not know).</summary>
    public VerificationVideo Video(string uid)
    {
        var account = Directory.Find(uid);
        return new(
            File("video.mp4", "video/mp4", 5_000_000),
            new DeclaredStatement(uid, account?.Email ?? AliceEmail, account?.Phone ?? AlicePhone, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), TimeSpan.Zero, "Lost my phone with the authenticator"));
    }

    public async Task<CaseId> OpenAsync(OpenCaseRequest request)
    {
        var opened = await Service.OpenTrackedAsync(request, cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        return opened.View!.Id;
    }

    public async Task VerifyByCodeAsync(CaseId id, VerificationTarget target)
    {
        Expect(await Service.RequestCodeAsync(id, target, cancellationToken: Ct));
        var kind = target == VerificationTarget.BoundPhone ? ContactKind.Phone : ContactKind.Email;
        var code = target == VerificationTarget.NewContact ? Outbox.Codes.Last(c => c.CaseId == id).Code : Outbox.LastCode(id, kind)!;
        Expect(await Service.VerifyCodeAsync(id, target, code, cancellationToken: Ct));
    }

    /// <summary>Questionnaire, proofs, new email with its code, document, video, terms.</summary>
    public async Task CompleteStepsAsync(CaseId id, string uid, string newEmail = "new.alice@example.org", DocumentSubmission? document = null)
    {
        Expect(await Service.AnswerQuestionnaireAsync(id, Answers(), cancellationToken: Ct));
        Expect(await Service.ProvideProofsAsync(id, Proofs(), cancellationToken: Ct));
        Expect(await Service.SetNewContactAsync(id, ContactKind.Email, newEmail, cancellationToken: Ct));
        await VerifyByCodeAsync(id, VerificationTarget.NewContact);
        Expect(await Service.SubmitDocumentAsync(id, document ?? new DocumentSubmission(DocumentType.NationalId, "DE", "L01X00T47", File("id-front.jpg")), cancellationToken: Ct));
        Expect(await Service.SubmitVideoAsync(id, Video(uid), cancellationToken: Ct));
        Expect(await Service.AcceptTermsAsync(id, "2026-11", cancellationToken: Ct));
    }

    /// <summary>Runs the dispatcher until nothing is due, as a host's delivery loop would between requests.</summary>
    /// <returns>How many messages were settled.</returns>
    public async Task<int> DeliverAsync()
    {
        var settled = 0;
        while (await Service.DispatchAsync(100, Ct) is > 0 and var batch)
        {
            settled += batch;
        }

        return settled;
    }

    public static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }

    public void Dispose() => _provider.Dispose();
}
