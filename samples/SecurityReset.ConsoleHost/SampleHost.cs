using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Ports;
using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// Wires the library the way a host would: <c>AddSecurityReset</c> plus one adapter per port. Every mode of
/// the sample (walkthrough, interactive, review, status, continue) builds its services here, over a folder that
/// holds the SQLite database, the secret key beside it and, once the interactive session opened a case, the
/// applicant app's state file (<see cref="ApplicantStorage"/>).
/// </summary>
internal sealed class SampleHost : IAsyncDisposable
{
    /// <summary>The database file, in the folder the host is given (the working folder, from the command line).</summary>
    public const string DatabaseFileName = "securityreset-demo.db";

    /// <summary>The key file, beside the database.</summary>
    public const string KeyFileName = "securityreset-demo.key";

    private readonly ServiceProvider _provider;
    private readonly string _connectionString;

    private SampleHost(ServiceProvider provider, FakeTimeProvider clock, string databasePath, string connectionString, SampleKey key, bool keyNewerThanData)
    {
        KeyNewerThanData = keyNewerThanData;
        _provider = provider;
        _connectionString = connectionString;
        Clock = clock;
        DatabasePath = databasePath;
        Key = key;
        Service = provider.GetRequiredService<SecurityResetService>();
        Messenger = provider.GetRequiredService<RecordingMessenger>();
        Directory = provider.GetRequiredService<InMemoryAccountDirectory>();
        IdentityChecks = provider.GetRequiredService<InMemoryIdentityChecks>();
        Storage = new ApplicantStorage(Path.Combine(Path.GetDirectoryName(databasePath)!, ApplicantStorage.FileName));
    }

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Where cases are kept, in words, for the output.</summary>
    public string StoreDescription => $"SQLite {DatabasePath}";

    /// <summary>The secret key and where it came from.</summary>
    public SampleKey Key { get; }

    /// <summary>Whether the key file was made now although the database was already there: its cases were kept under another key.</summary>
    public bool KeyNewerThanData { get; }

    /// <summary>The sample's clock: a fake one, so scenarios can jump ahead in time.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The library's application service.</summary>
    public SecurityResetService Service { get; }

    /// <summary>The case store: its columns tell a case's state and version without reading the case.</summary>
    public IResetCaseStore Store => _provider.GetRequiredService<IResetCaseStore>();

    /// <summary>The messenger: the codes and notifications the dispatcher delivered, as a recording.</summary>
    public RecordingMessenger Messenger { get; }

    /// <summary>The demo accounts: seeded afresh, with the same ids, every time a host is built.</summary>
    public InMemoryAccountDirectory Directory { get; }

    /// <summary>The stand-in identity vendor (face scans, KYC document checks).</summary>
    public InMemoryIdentityChecks IdentityChecks { get; }

    /// <summary>
    /// The applicant app's state file beside the database: the credential of each case the interactive session opened,
    /// so that a later run can continue it. Written on the first open; the walkthrough keeps its credentials in memory.
    /// </summary>
    public ApplicantStorage Storage { get; }

    /// <summary>Builds the services over the database in <paramref name="folder"/>, creating the file and its tables on first use.</summary>
    /// <param name="folder">The folder of the database and the key file.</param>
    /// <param name="start">Where the fake clock starts.</param>
    /// <param name="configure">Extra registrations (tests use it to swap a port).</param>
    /// <param name="options">Options beyond the secret key (the walkthrough's strict-profile scenario), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the schema check.</param>
    /// <returns>The host.</returns>
    public static async Task<SampleHost> CreateAsync(
        string folder, DateTimeOffset start, Action<IServiceCollection>? configure = null, Action<SecurityResetOptions>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var databasePath = Path.GetFullPath(Path.Combine(folder, DatabaseFileName));
        var hadDatabase = File.Exists(databasePath);
        var key = SampleKey.Resolve(Path.Combine(Path.GetDirectoryName(databasePath)!, KeyFileName));
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();

        var clock = new FakeTimeProvider(start);
        var services = new ServiceCollection();

        // Registered before AddSecurityReset: its TryAdd keeps this clock instead of TimeProvider.System.
        services.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services);

        var builder = services
            .AddSecurityReset(o =>
            {
                options?.Invoke(o);
                o.SecretKey = key.Value;
            })
            .UseRecordingMessenger()
            .UseInMemoryAccountDirectory(DemoAccounts.Seed)
            .UseInMemoryIdentityChecks();
        UseStore(builder, connectionString);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            var host = new SampleHost(provider, clock, databasePath, connectionString, key, hadDatabase && key.Source == SampleKeySource.FileCreated);
            await provider.EnsureSecurityResetSchemaAsync(cancellationToken);
            return host;
        }
        catch
        {
            await provider.DisposeAsync();
            ClearPool(connectionString);
            throw;
        }
    }

    /// <summary>
    /// Delivers what is due in the outbox, pass after pass, until a pass settles nothing: the codes and notifications
    /// the last call committed, the reset an approval asked for, and the notifications its completion adds. A real
    /// host runs <c>DispatchAsync</c> in a loop of its own (a background service); the sample runs it after each step,
    /// so its output follows the step that caused it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>How many messages were settled (delivered or given up).</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settled = 0;
        while (await Service.DispatchAsync(cancellationToken: cancellationToken) is > 0 and var pass)
        {
            settled += pass;
        }

        return settled;
    }

    /// <summary>Prints where cases and the key are kept: two lines, and a warning when the key is new but the data is not.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="storeNote">Words to add to the store line, or <see langword="null"/>.</param>
    public void Describe(IAnsiConsole console, string? storeNote = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLineInterpolated($"store: {StoreDescription}{(storeNote is null ? string.Empty : " " + storeNote)}");
        console.MarkupLineInterpolated($"{Key.Description}");
        if (KeyNewerThanData)
        {
            console.MarkupLineInterpolated(
                $"[yellow]warning:[/] the key file was missing, so a new key was made: codes, new contacts and applicant credentials of the cases already in {DatabaseFileName} can no longer be checked.");
        }
    }

    /// <summary>Disposes the services and closes the database file, so a new host reads the cases back from disk.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        ClearPool(_connectionString);
    }

    /// <summary>
    /// The one place that chooses where cases live: SQLite, the embedded default. <c>UseEntityFrameworkCoreStore</c>
    /// gives every connection a busy timeout and puts the file in write-ahead-log mode; <see cref="CreateAsync"/>
    /// creates the tables on first use (<c>EnsureSecurityResetSchemaAsync</c>). Swap this line for
    /// <c>UseInMemoryStore()</c> and cases last as long as the process.
    /// </summary>
    private static void UseStore(SecurityResetBuilder builder, string connectionString) =>
        builder.UseEntityFrameworkCoreStore(db => db.UseSqlite(connectionString));

    // Pooled connections keep the file open; closing them lets SQLite fold the write-ahead log back into the file.
    private static void ClearPool(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
