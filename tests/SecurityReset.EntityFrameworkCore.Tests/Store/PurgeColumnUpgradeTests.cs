using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Ports;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Store;

/// <summary>A cases table made before the purge existed, brought up to date by <c>EnsureSchemaAsync</c>.</summary>
public abstract class PurgeColumnUpgradeTests<TDatabase>(TDatabase database)
    where TDatabase : StoreDatabase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureSchema_adds_the_purge_column_and_gives_the_cases_ended_before_it_a_due_time()
    {
        (database as PostgresDatabase)?.SkipUnlessAvailable();
        await database.ClearAsync(Ct);
        var store = database.Store();
        var completed = await SampleCases.WriteAsync(store, SampleCases.Flow(CaseState.Completed), Ct);
        var cancelled = await SampleCases.WriteAsync(store, SampleCases.Flow(CaseState.Cancelled), Ct);
        var open = await SampleCases.WriteAsync(store, SampleCases.Flow(CaseState.Submitted), Ct);
        await using (var db = await database.Factory.CreateDbContextAsync(Ct))
        {
            // The cases table as it was before the purge: no column, no index.
            var sql = db.GetService<ISqlGenerationHelper>();
            var cases = db.Model.FindEntityType(typeof(CaseRow))!;
            var table = sql.DelimitIdentifier(cases.GetTableName()!, cases.GetSchema());
            var index = sql.DelimitIdentifier(cases.GetIndexes().Single(i => i.GetDatabaseName()!.EndsWith("_PurgeDue", StringComparison.Ordinal)).GetDatabaseName()!, cases.GetSchema());
#pragma warning disable EF1002 // The names are the model's own, quoted by the provider.
            await db.Database.ExecuteSqlRawAsync($"DROP INDEX {index}", Ct);
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {table} DROP COLUMN \"PurgeAfterUtcTicks\"", Ct);
#pragma warning restore EF1002
        }

        await store.EnsureSchemaAsync(Ct);
        await store.EnsureSchemaAsync(Ct);

        // The default longest retention after the later of the deadline and the decision: never before the real due time.
        static DateTimeOffset DueOf(StoredCase c) => (c.DecidedAt is { } decided && decided > c.ExpiresAt ? decided : c.ExpiresAt).ToUniversalTime() + TimeSpan.FromDays(90);
        Assert.Equal(DueOf(completed), (await store.LoadAsync(completed.Id, Ct))!.PurgeAfter);
        Assert.Equal(DueOf(cancelled), (await store.LoadAsync(cancelled.Id, Ct))!.PurgeAfter);
        Assert.Null((await store.LoadAsync(open.Id, Ct))!.PurgeAfter);
        var latest = new[] { DueOf(completed), DueOf(cancelled) }.Max();
        Assert.Equal(new[] { completed.Id.Value, cancelled.Id.Value }.Order(), (await store.ListPurgeDueAsync(latest, 10, Ct)).Select(c => c.Id.Value).Order());
        Assert.Empty(await store.ListPurgeDueAsync(latest.AddDays(-91), 10, Ct));
    }
}

/// <summary>The purge column upgrade on a SQLite file.</summary>
public sealed class SqlitePurgeColumnUpgradeTests(SqliteDatabase database) : PurgeColumnUpgradeTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

/// <summary>The purge column upgrade on PostgreSQL.</summary>
public sealed class PostgresPurgeColumnUpgradeTests(PostgresDatabase database) : PurgeColumnUpgradeTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
