using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.EntityFrameworkCore.Tests.Service;

/// <summary>
/// A service wired as a host wires it, with the store on a test database and everything else in memory: a fake
/// clock, seeded accounts, a recording messenger. Two fixtures over one database share nothing else.
/// </summary>
internal sealed class DatabaseServiceFixture : IDisposable
{
    public const string AliceId = "U-ALICE";
    public const string AliceEmail = "alice@example.com";
    public const string AlicePhone = "+4915112345678";

    public static readonly byte[] AliceSecret = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];

    private readonly ServiceProvider _provider;

    public DatabaseServiceFixture(StoreDatabase database, Action<SecurityResetOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        var builder = services.AddSecurityReset(o =>
            {
                o.SecretKey = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);
                o.MaxConcurrencyRetries = 50;
                configure?.Invoke(o);
            })
            .UseInMemoryStore() // replaced by the database store below, whatever the order
            .UseRecordingMessenger()
            .UseInMemoryAccountDirectory(d => d
                .Add(new AccountRecord(AliceId, AliceEmail, AlicePhone, AuthenticatorBound: true, KycLevel.None, null), AliceSecret,
                    new QuestionnaireAnswers(["BTC/USDT"], ["BTC", "ETH"], ["bc1qdeposit"], ["bc1qwithdraw"], "sunflower", "alice")))
            .UseInMemoryIdentityChecks();
        database.UseStore(builder);
        _provider = services.BuildServiceProvider();
        Service = _provider.GetRequiredService<SecurityResetService>();
        Outbox = _provider.GetRequiredService<RecordingMessenger>();
        Store = _provider.GetRequiredService<IResetCaseStore>();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public SecurityResetService Service { get; }

    public RecordingMessenger Outbox { get; }

    public IResetCaseStore Store { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<CaseId> OpenAsync()
    {
        var opened = await Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web), cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        return opened.View!.Id;
    }

    /// <summary>Delivers every due outbox message (codes and notifications reach <see cref="Outbox"/> only through it).</summary>
    public async Task DeliverAsync()
    {
        while (await Service.DispatchAsync(cancellationToken: Ct) > 0)
        {
        }
    }

    public string Totp(byte[] secret) => new OtpNet.Totp(secret).ComputeTotp(Clock.GetUtcNow().UtcDateTime);

    public static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }

    public void Dispose() => _provider.Dispose();
}
