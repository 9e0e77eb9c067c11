using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SecurityReset.Benchmarks.Support;
using SecurityReset.Benchmarks.WholeCase;
using SecurityReset.Storage;
using SecurityReset.EntityFrameworkCore;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// A SQLite file with the store's schema and the EF Core case store over it, configured as
/// <c>UseEntityFrameworkCoreStore(db =&gt; db.UseSqlite(...))</c> configures it: a pooled context factory and the
/// store's SQLite settings (5 s busy timeout, WAL).
/// </summary>
internal sealed class SqliteStoreRig
{
    public SqliteStoreRig(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>().UseSqlite(ConnectionString);
        options.UseSecurityResetSqliteSettings();
        Factory = new PooledDbContextFactory<SecurityResetDbContext>(options.Options);
        Store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(Factory);
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public IDbContextFactory<SecurityResetDbContext> Factory { get; }

    public EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> Store { get; }

    /// <summary>A new file path in the temp folder.</summary>
    public static string TempFile(string name) => System.IO.Path.Combine(System.IO.Path.GetTempPath(), name);

    /// <summary>Deletes a database file with its WAL and shared-memory files.</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The journal mode and synchronous level the store's own connections run with.</summary>
    public (string JournalMode, long Synchronous) ConnectionSettings()
    {
        using var db = Factory.CreateDbContext();
        db.Database.OpenConnection();
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var journal = (string)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA synchronous";
            var synchronous = (long)command.ExecuteScalar()!;
            return (journal, synchronous);
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>A case driven to Submitted through the service on the in-memory adapters (every step done).</summary>
    public static ResetCase SubmittedCase()
    {
        var rig = new AdapterRig();
        var id = new HappyPath(rig).OpenAndSubmitAsync(Fixtures.AccountId).GetAwaiter().GetResult();
        var stored = rig.Cases.LoadAsync(id, CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("The submitted case is not in the store.");
        return CaseSnapshotSerializer.FromStored(stored);
    }
}
