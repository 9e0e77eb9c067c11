using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SecurityReset.EntityFrameworkCore.Tests.Databases;

/// <summary>A SQLite file in the temp folder, one per test class.</summary>
public sealed class SqliteDatabase : StoreDatabase
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"securityreset-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={Path}";

    public override void Configure(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
