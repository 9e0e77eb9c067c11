using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.EntityFrameworkCore.Tests.Reliability;

/// <summary>
/// The retention tests on emptied tables of one database per class. Every table of the model is read with a plain
/// <c>SELECT *</c>, every column as text (bytes as UTF-8), so a table added later is scanned too.
/// </summary>
public abstract class DatabaseRetentionPurgeTests<TDatabase>(TDatabase database) : RetentionPurgeTests
    where TDatabase : StoreDatabase
{
    protected override async ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken)
    {
        (database as PostgresDatabase)?.SkipUnlessAvailable();
        await database.ClearAsync(cancellationToken);
        return new StoreSet(database.Store());
    }

    protected override async Task<IReadOnlyList<string>> ReadEveryTableAsync(StoreSet stores, CancellationToken cancellationToken)
    {
        await using var db = await database.Factory.CreateDbContextAsync(cancellationToken);
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var texts = new List<string>();
        var tables = db.Model.GetEntityTypes().Select(e => (Name: e.GetTableName()!, Schema: e.GetSchema())).Distinct().ToList();
        Assert.Equal(5, tables.Count);
        foreach (var (name, schema) in tables)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The names are the model's own, quoted by the provider.
            command.CommandText = $"SELECT * FROM {sql.DelimitIdentifier(name, schema)}";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new StringBuilder(name).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    row.Append(' ').Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                texts.Add(row.ToString());
            }
        }

        return texts;
    }
}

/// <summary>The retention tests on a SQLite file.</summary>
public sealed class SqliteRetentionPurgeTests(SqliteDatabase database) : DatabaseRetentionPurgeTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>
{
    protected override string StoreName => "SQLite";
}

/// <summary>The retention tests on PostgreSQL.</summary>
public sealed class PostgresRetentionPurgeTests(PostgresDatabase database) : DatabaseRetentionPurgeTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>
{
    protected override string StoreName => "PostgreSQL";
}
