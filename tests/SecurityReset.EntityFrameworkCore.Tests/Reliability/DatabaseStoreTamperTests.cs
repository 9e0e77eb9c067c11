using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.EntityFrameworkCore.Tests.Reliability;

/// <summary>The reliability suite's store tamper tests, each on emptied tables of one database per class.</summary>
public abstract class DatabaseStoreTamperTests<TDatabase>(TDatabase database) : StoreTamperTests
    where TDatabase : StoreDatabase
{
    protected override async ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken)
    {
        (database as PostgresDatabase)?.SkipUnlessAvailable();
        await database.ClearAsync(cancellationToken);
        return new StoreSet(database.Store());
    }
}

/// <summary>The store tamper tests on a SQLite file.</summary>
public sealed class SqliteStoreTamperTests(SqliteDatabase database) : DatabaseStoreTamperTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

/// <summary>The store tamper tests on PostgreSQL.</summary>
public sealed class PostgresStoreTamperTests(PostgresDatabase database) : DatabaseStoreTamperTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
