using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using SecurityReset.EntityFrameworkCore;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// The EF Core case store on the PostgreSQL server named by <c>SECURITYRESET_POSTGRES</c> (a connection string, as
/// the store tests read it; <c>.ci/postgres.sh</c> starts a server and prints it), configured as
/// <c>UseEntityFrameworkCoreStore(db =&gt; db.UseNpgsql(...))</c> configures it: a pooled context factory, the
/// store's model in a schema of its own (<c>sr_bench_</c> and 12 hexadecimal digits), created here and dropped by
/// <see cref="DropSchemaAsync"/>.
/// </summary>
internal sealed class PostgresStoreRig
{
    public const string Variable = "SECURITYRESET_POSTGRES";

    public PostgresStoreRig(string connectionString)
    {
        ConnectionString = connectionString;
        Factory = new PooledDbContextFactory<SecurityResetDbContext>(Options(connectionString, Schema));
        Store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(Factory);
    }

    /// <summary>The connection string from the environment, or <see langword="null"/>.</summary>
    public static string? ConfiguredConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public string ConnectionString { get; }

    public string Schema { get; } = "sr_bench_" + Guid.NewGuid().ToString("N")[..12];

    public IDbContextFactory<SecurityResetDbContext> Factory { get; }

    public EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> Store { get; }

    /// <summary>A table of the rig's schema, quoted for SQL.</summary>
    public string Table(string name) => $"\"{Schema}\".\"{name}\"";

    /// <summary>Another store over the same schema, on another connection string (other Npgsql settings).</summary>
    public EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> StoreWith(string connectionString) =>
        new(new PooledDbContextFactory<SecurityResetDbContext>(Options(connectionString, Schema)));

    /// <summary>Drops the rig's schema with its tables.</summary>
    public async Task DropSchemaAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
#pragma warning disable CA2100 // The schema name is generated above: sr_bench_ and hexadecimal digits.
        drop.CommandText = $"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE";
#pragma warning restore CA2100
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Whether a server is configured and answers (within 5 seconds), with its <c>server_version</c>; otherwise why
    /// not, in a sentence.
    /// </summary>
    public static (bool Available, string Description) Probe()
    {
        if (ConfiguredConnectionString is not { } connectionString)
        {
            return (false, $"{Variable} is not set (`eval \"$(bash .ci/postgres.sh start)\"` starts a server and sets it)");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SHOW server_version";
            return (true, (string)command.ExecuteScalar()!);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            return (false, $"the server named by {Variable} does not answer: {e.Message}");
        }
    }

    private static DbContextOptions<SecurityResetDbContext> Options(string connectionString, string schema)
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>().UseNpgsql(connectionString);
        options.UseSecurityResetSqliteSettings();
        options.UseSecurityResetModel(m => m.Schema = schema);
        return options.Options;
    }
}

/// <summary>The PostgreSQL server's <c>server_version</c>, asked for once by the process that writes the summary.</summary>
internal sealed class PostgresServerVersionColumn : IColumn
{
    private static readonly Lazy<string> Version = new(() => PostgresStoreRig.Probe() is (true, var version) ? version : "unavailable");

    public string Id => nameof(PostgresServerVersionColumn);

    public string ColumnName => "PostgreSQL";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Job;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "The server's version (SHOW server_version)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Version.Value;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => Version.Value;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
