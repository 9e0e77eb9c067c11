using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SecurityReset.EntityFrameworkCore;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.CrashTests.Driver;

/// <summary>Which database a host runs on.</summary>
public enum Database
{
    Sqlite,
    Postgres,
}

/// <summary>Where a host's store lives: the database, its connection string and, on PostgreSQL, the schema.</summary>
public sealed record StoreLocation(Database Database, string ConnectionString, string? Schema)
{
    /// <summary>The arguments that hand this location to a child.</summary>
    public IEnumerable<string> Arguments() =>
        ["--db", Database.ToString(), "--connection", ConnectionString, .. Schema is null ? Array.Empty<string>() : ["--schema", Schema]];

    public EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> CreateStore()
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>();
        if (Database == Database.Sqlite)
        {
            options.UseSqlite(ConnectionString).UseSecurityResetSqliteSettings();
        }
        else
        {
            options.UseNpgsql(ConnectionString);
        }

        if (Schema is { } schema)
        {
            options.UseSecurityResetModel(m => m.Schema = schema);
        }

        return new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(new PooledDbContextFactory<SecurityResetDbContext>(options.Options));
    }
}

/// <summary>
/// The service as the children and the test host wire it: the durable store at a location, the in-memory account
/// directory, identity checks and recording messenger of SecurityReset.InMemory, a clock the parent sets, and, in a
/// child, a journal of what reached the gateway and the directory and what the store committed.
/// </summary>
public sealed class DriverHost : IDisposable
{
    public const string ReviewerId = "reviewer-1";
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    public static readonly byte[] AuthenticatorSecret = [.. Enumerable.Range(1, 20).Select(i => (byte)(i * 11))];

    private readonly JournaledMessenger _messenger;
    private readonly Journal? _journal;
    private readonly string? _journalPath;

    public DriverHost(StoreLocation location, string? journalPath, int accounts)
    {
        _journalPath = journalPath;
        _journal = journalPath is null ? null : new Journal(journalPath);
        _messenger = new JournaledMessenger(_journal);
        Directory = new InMemoryAccountDirectory();
        for (var n = 0; n < accounts; n++)
        {
            foreach (var kind in Enum.GetValues<ScenarioKind>())
            {
                var account = Scenarios.Account(kind, n);
                Directory.Add(account.Record, AuthenticatorSecret, account.Facts);
            }
        }

        Store = location.CreateStore();
        IResetCaseStore store = _journal is null ? Store : new JournaledStore(Store, _journal);
        Service = new SecurityResetService(
            Microsoft.Extensions.Options.Options.Create(Options()),
            store,
            _messenger,
            Identity,
            new JournaledDirectory(Directory, _journal),
            Clock);
    }

    public ManualClock Clock { get; } = new(Start);

    public InMemoryAccountDirectory Directory { get; }

    public InMemoryIdentityChecks Identity { get; } = new();

    public EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> Store { get; }

    public SecurityResetService Service { get; }

    public Journal? Journal => _journal;

    /// <summary>The options every process of a run uses (one secret key, so that each reads what the others sealed).</summary>
    public static SecurityResetOptions Options() => new()
    {
        SecretKey = Convert.ToBase64String(SHA256.HashData("securityreset-crash-tests"u8)),
        MaxConcurrencyRetries = 50,
        Delivery = { Lease = TimeSpan.FromSeconds(10) },
        Authenticator = { MaxFailures = 10 },
    };

    /// <summary>Starts a life once the process before it ended: its journal line, and the codes earlier lives sent.</summary>
    public void Begin(string life)
    {
        if (_journal is not null)
        {
            _journal.Begin(life);
            _messenger.Remember(Journal.Read(_journalPath!));
        }
    }

    /// <summary>The last code a case sent to an address, as the gateway recorded it.</summary>
    public string? LastCode(CaseId caseId, string address) => _messenger.LastCode(caseId, address);

    public void Dispose() => _journal?.Dispose();
}
