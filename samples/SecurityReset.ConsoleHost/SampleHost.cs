using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.DependencyInjection;
using SecurityReset.InMemory;
using SecurityReset.Service;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// Wires the library the way a host would: <c>AddSecurityReset</c> plus one adapter per port. Every mode of
/// the sample (walkthrough, interactive, review, status) builds its services here.
/// </summary>
internal sealed class SampleHost : IAsyncDisposable
{
    /// <summary>Set it to a base64 key of at least 32 bytes to keep one key across runs.</summary>
    public const string SecretKeyVariable = "SECURITYRESET_SECRET_KEY";

    private readonly ServiceProvider _provider;

    private SampleHost(ServiceProvider provider, FakeTimeProvider clock)
    {
        _provider = provider;
        Clock = clock;
        Service = provider.GetRequiredService<SecurityResetService>();
        Messenger = provider.GetRequiredService<RecordingMessenger>();
        Directory = provider.GetRequiredService<InMemoryAccountDirectory>();
        IdentityChecks = provider.GetRequiredService<InMemoryIdentityChecks>();
    }

    /// <summary>Where cases are kept, in words, for the output.</summary>
    public static string StoreDescription => "in-memory store";

    /// <summary>The sample's clock: a fake one, so scenarios can jump ahead in time.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The library's application service.</summary>
    public SecurityResetService Service { get; }

    /// <summary>The outbox: codes and notifications the service "sent".</summary>
    public RecordingMessenger Messenger { get; }

    /// <summary>The demo accounts.</summary>
    public InMemoryAccountDirectory Directory { get; }

    /// <summary>The stand-in identity vendor (face scans, KYC document checks).</summary>
    public InMemoryIdentityChecks IdentityChecks { get; }

    /// <summary>Builds the services.</summary>
    /// <param name="start">Where the fake clock starts.</param>
    /// <param name="configure">Extra registrations (tests use it to swap a port).</param>
    /// <returns>The host.</returns>
    public static SampleHost Create(DateTimeOffset start, Action<IServiceCollection>? configure = null)
    {
        var clock = new FakeTimeProvider(start);
        var services = new ServiceCollection();

        // Registered before AddSecurityReset: its TryAdd keeps this clock instead of TimeProvider.System.
        services.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services);

        var builder = services
            .AddSecurityReset(o => o.SecretKey = SecretKey())
            .UseRecordingMessenger()
            .UseInMemoryAccountDirectory(DemoAccounts.Seed)
            .UseInMemoryIdentityChecks();
        UseStore(builder);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new SampleHost(provider, clock);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    /// <summary>
    /// The one place that chooses where cases live. The in-memory store forgets everything when the process
    /// ends, so <c>review</c> and <c>status</c> only see cases of their own run; a durable store (SQLite) will
    /// replace this one line.
    /// </summary>
    private static void UseStore(SecurityResetBuilder builder) => builder.UseInMemoryStore();

    /// <summary>
    /// The per-deployment key. A real host reads it from its secret store; the sample takes it from the
    /// environment or makes a fresh one per run, which is enough while cases live only in memory.
    /// </summary>
    private static string SecretKey() =>
        Environment.GetEnvironmentVariable(SecretKeyVariable) is { Length: > 0 } configured
            ? configured
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
