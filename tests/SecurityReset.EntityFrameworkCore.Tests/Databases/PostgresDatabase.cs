using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SecurityReset.EntityFrameworkCore.Tests.Databases;

/// <summary>
/// A schema of its own, one per test class, on the PostgreSQL server named by <c>SECURITYRESET_POSTGRES</c> (a
/// connection string; <c>.ci/postgres.sh</c> starts a server and prints it). Without it the tests are skipped, except
/// in CI (<c>CI=true</c>), where a missing server fails them: they must run there.
/// </summary>
public sealed class PostgresDatabase : StoreDatabase
{
    public const string Variable = "SECURITYRESET_POSTGRES";

    public static readonly string? ConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static readonly bool InCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public string Schema { get; } = "sr_test_" + Guid.NewGuid().ToString("N")[..12];

    public override bool Available => ConnectionString is not null;

    public override Action<SecurityResetModelOptions>? Model => m => m.Schema = Schema;

    // The store's connections, from one pool shared by every PostgreSQL test class (Npgsql pools by connection
    // string), kept well below the server's max_connections (100, 3 reserved): the races put hundreds of calls
    // in flight at once, and past the server's limit it refuses connections instead of queueing them.
    private static readonly string? PooledConnectionString = ConnectionString is null
        ? null
        : new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 32, Timeout = 60 }.ConnectionString; // a loaded machine may wait long for a pooled connection

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(PooledConnectionString);

    public override async ValueTask InitializeAsync()
    {
        if (ConnectionString is null)
        {
            if (InCi)
            {
                throw new InvalidOperationException($"CI=true but {Variable} is not set: the PostgreSQL tests must run in CI (source .ci/postgres.sh first).");
            }

            return;
        }

        await base.InitializeAsync();
    }

    /// <summary>Skips the calling test when no server is configured (outside CI).</summary>
    public void SkipUnlessAvailable() =>
        Assert.SkipUnless(Available, $"{Variable} is not set: PostgreSQL tests skipped (.ci/postgres.sh starts a server and prints the variable).");

    public override async ValueTask DisposeAsync()
    {
        if (ConnectionString is not null)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
#pragma warning disable CA2100 // The schema name is generated above: sr_test_ and hexadecimal digits.
            drop.CommandText = $"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE";
#pragma warning restore CA2100
            await drop.ExecuteNonQueryAsync();
        }

        GC.SuppressFinalize(this);
    }
}
