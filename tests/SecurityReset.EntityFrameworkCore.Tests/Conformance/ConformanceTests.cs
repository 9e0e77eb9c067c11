using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.InMemory;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Conformance;

/// <summary>The reference store passes the suite: it checks what the in-memory semantics promise.</summary>
public sealed class InMemoryConformanceTests : ResetCaseStoreConformanceTests
{
    protected override ValueTask<ConformanceStores> CreateStoresAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ConformanceStores(new InMemoryResetCaseStore()));
}

/// <summary>The EF Core store on a SQLite file.</summary>
public sealed class SqliteConformanceTests(SqliteDatabase database) : ResetCaseStoreConformanceTests, IClassFixture<SqliteDatabase>
{
    protected override async ValueTask<ConformanceStores> CreateStoresAsync(CancellationToken cancellationToken)
    {
        await database.ClearAsync(cancellationToken);
        return database.Stores();
    }
}

/// <summary>The EF Core store on PostgreSQL, in a schema of their own.</summary>
public sealed class PostgresConformanceTests(PostgresDatabase database) : ResetCaseStoreConformanceTests, IClassFixture<PostgresDatabase>
{
    protected override async ValueTask<ConformanceStores> CreateStoresAsync(CancellationToken cancellationToken)
    {
        database.SkipUnlessAvailable();
        await database.ClearAsync(cancellationToken);
        return database.Stores();
    }
}
