using Microsoft.Data.Sqlite;
using Npgsql;
using SecurityReset.CrashTests.Driver;

namespace SecurityReset.CrashTests;

/// <summary>
/// A store for one test and a folder for its children's journals: a SQLite file, or a schema of its own on the
/// PostgreSQL server named by <c>SECURITYRESET_POSTGRES</c>. Without that server the PostgreSQL tests are skipped,
/// except in CI (<c>CI=true</c>), where they fail: they must run there.
/// </summary>
internal sealed class CrashDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SECURITYRESET_POSTGRES";

    private CrashDatabase(StoreLocation location, string folder)
    {
        Location = location;
        Folder = folder;
    }

    public StoreLocation Location { get; }

    /// <summary>A folder of the test's own, removed with it.</summary>
    public string Folder { get; }

    public static async Task<CrashDatabase> CreateAsync(Database database)
    {
        var folder = Path.Combine(Path.GetTempPath(), "securityreset-crash-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(folder);
        StoreLocation location;
        if (database == Database.Sqlite)
        {
            location = new StoreLocation(Database.Sqlite, $"Data Source={Path.Combine(folder, "store.db")}", null);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (server is not { Length: > 0 })
            {
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"CI=true but {PostgresVariable} is not set: the PostgreSQL crash tests must run in CI (source .ci/postgres.sh first).");
                }

                Assert.Skip($"{PostgresVariable} is not set: PostgreSQL tests skipped (.ci/postgres.sh starts a server and prints the variable).");
            }

            // Few connections per process: several children and the test share the server's limit.
            var connection = new NpgsqlConnectionStringBuilder(server) { MaxPoolSize = 20, Timeout = 60 }.ConnectionString;
            location = new StoreLocation(Database.Postgres, connection, "sr_crash_" + Guid.NewGuid().ToString("N")[..12]);
        }

        var created = new CrashDatabase(location, folder);
        await location.CreateStore().EnsureSchemaAsync(TestContext.Current.CancellationToken);
        return created;
    }

    /// <summary>The ids of the messages the outbox holds now, read past the store.</summary>
    public async Task<IReadOnlyList<Guid>> OutboxIdsAsync()
    {
        var ids = new List<Guid>();
        if (Location.Database == Database.Sqlite)
        {
            await using var connection = new SqliteConnection(Location.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Id\" FROM \"SecurityResetOutbox\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(Guid.Parse(reader.GetString(0)));
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(Location.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The schema name is generated: sr_crash_ and hexadecimal digits.
            command.CommandText = $"SELECT \"Id\" FROM \"{Location.Schema}\".\"SecurityResetOutbox\"";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        if (Location.Database == Database.Sqlite)
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            await using var connection = new NpgsqlConnection(Location.ConnectionString);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
#pragma warning disable CA2100 // The schema name is generated: sr_crash_ and hexadecimal digits.
            drop.CommandText = $"DROP SCHEMA IF EXISTS \"{Location.Schema}\" CASCADE";
#pragma warning restore CA2100
            await drop.ExecuteNonQueryAsync();
        }

        if (Environment.GetEnvironmentVariable("SECURITYRESET_CRASH_KEEP") is not { Length: > 0 })
        {
            System.IO.Directory.Delete(Folder, recursive: true); // kept on request: the journal and the SQLite file of a failed run
        }
    }
}
