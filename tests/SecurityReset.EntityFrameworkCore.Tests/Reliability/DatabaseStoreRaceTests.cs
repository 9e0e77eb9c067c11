using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.EntityFrameworkCore.Tests.Reliability;

/// <summary>The reliability suite's store races, each on emptied tables of one database per class.</summary>
public abstract class DatabaseStoreRaceTests<TDatabase>(TDatabase database) : StoreRaceTests
    where TDatabase : StoreDatabase
{
    protected override async ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken)
    {
        (database as PostgresDatabase)?.SkipUnlessAvailable();
        await database.ClearAsync(cancellationToken);
        return new StoreSet(database.Store());
    }
}

/// <summary>The store races on a SQLite file.</summary>
public sealed class SqliteStoreRaceTests(SqliteDatabase database) : DatabaseStoreRaceTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

/// <summary>The store races on PostgreSQL.</summary>
public sealed class PostgresStoreRaceTests(PostgresDatabase database) : DatabaseStoreRaceTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
