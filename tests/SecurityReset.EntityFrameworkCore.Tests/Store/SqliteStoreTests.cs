using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Ports;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Store;

public sealed class SqliteStoreTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.ClearAsync(Ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Every_connection_waits_for_a_busy_database_and_the_file_is_in_wal_mode()
    {
        await using var db = await database.Factory.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(5000L, await ScalarAsync(db, "PRAGMA busy_timeout"));
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task The_busy_timeout_can_be_chosen_and_is_set_once_per_connection()
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>()
            .UseSqlite(database.ConnectionString)
            .UseSecurityResetSqliteSettings(TimeSpan.FromMilliseconds(1234))
            .UseSecurityResetSqliteSettings()
            .Options;
        await using var db = new SecurityResetDbContext(options);
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(1234L, await ScalarAsync(db, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task A_writer_waits_for_a_held_write_lock_instead_of_failing()
    {
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(database.Factory);
        var steps = SampleCases.Flow(CaseState.VerifyingItems);
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(steps[0].Case, 0, steps[0].Events), Ct));

        // Another process holds the write lock for a moment.
        await using var holder = new SqliteConnection(database.ConnectionString);
        await holder.OpenAsync(Ct);
        await using var transaction = (SqliteTransaction)await holder.BeginTransactionAsync(Ct);
        await using (var touch = holder.CreateCommand())
        {
            touch.Transaction = transaction;
            touch.CommandText = "UPDATE \"SecurityResetAccountGuards\" SET \"Version\" = \"Version\"";
            await touch.ExecuteNonQueryAsync(Ct);
        }

        var clock = Stopwatch.StartNew();
        // Microsoft.Data.Sqlite runs its async calls synchronously: the save waits on a thread of its own.
        var save = Task.Run(() => store.CommitAsync(SampleCases.Commit(steps[1].Case, 1, steps[1].Events), Ct), Ct);
        await Task.Delay(300, Ct);
        Assert.False(save.IsCompleted);
        await transaction.CommitAsync(Ct);
        Assert.Equal(StoreWriteResult.Written, await save);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_claim_takes_the_write_lock_before_it_reads_so_a_concurrent_writer_makes_it_wait_not_fail()
    {
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(database.Factory);
        var opened = SampleCases.Flow(CaseState.SelectingItems)[0];
        var message = new OutboxMessage(Guid.NewGuid(), opened.Case.Id, SampleCases.Start, 0, new byte[] { 1 });
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Messages = [message] }, Ct));

        // Another writer holds the write lock and changes the outbox. A claim that began DEFERRED would read the
        // old outbox meanwhile and then fail to upgrade (SQLITE_BUSY_SNAPSHOT); BEGIN IMMEDIATE waits instead.
        await using var holder = new SqliteConnection(database.ConnectionString);
        await holder.OpenAsync(Ct);
        await using var transaction = (SqliteTransaction)await holder.BeginTransactionAsync(Ct);
        await using (var touch = holder.CreateCommand())
        {
            touch.Transaction = transaction;
            touch.CommandText = "UPDATE \"SecurityResetOutbox\" SET \"Attempts\" = \"Attempts\" + 1";
            await touch.ExecuteNonQueryAsync(Ct);
        }

        var claim = Task.Run(() => store.ClaimMessagesAsync(Guid.NewGuid(), SampleCases.Start, SampleCases.Start.AddMinutes(1), 10, Ct), Ct);
        await Task.Delay(300, Ct);
        Assert.False(claim.IsCompleted);
        await transaction.CommitAsync(Ct);
        var claimed = Assert.Single(await claim);
        Assert.Equal(2, claimed.Attempts); // the claim read the outbox as the other writer left it
    }

    [Fact]
    public async Task The_case_row_holds_the_indexed_columns_and_the_payload_as_a_blob()
    {
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(database.Factory);
        var submitted = await SampleCases.WriteAsync(store, SampleCases.Flow(CaseState.Submitted), Ct);

        await using var db = await database.Factory.CreateDbContextAsync(Ct);
        var row = await db.Set<CaseRow>().AsNoTracking().SingleAsync(r => r.Id == submitted.Id.Value, Ct);
        Assert.Equal(CaseState.Submitted, row.State);
        Assert.Equal(submitted.AccountId, row.AccountId);
        Assert.Equal(submitted.ExpiresAt.UtcTicks, row.ExpiresAtUtcTicks);
        Assert.Equal(submitted.SubmittedAt!.Value.UtcTicks, row.SubmittedAtUtcTicks);
        Assert.Null(row.DecidedAtUtcTicks);
        Assert.Equal(submitted.Version, row.Version);
        Assert.Equal(submitted.Payload.ToArray(), row.Payload);

        Assert.Equal("text", await TypeOfAsync(db, "State", submitted.Id));
        Assert.Equal("integer", await TypeOfAsync(db, "SubmittedAtUtcTicks", submitted.Id));
        Assert.Equal("blob", await TypeOfAsync(db, "Payload", submitted.Id));
    }

    [Fact]
    public async Task EnsureSchema_can_run_again()
    {
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(database.Factory);
        await store.EnsureSchemaAsync(Ct);
        await store.EnsureSchemaAsync(Ct);
        Assert.Null(await store.LoadAsync(CaseId.New(), Ct));
    }

    [Fact]
    public async Task EnsureSchema_adds_the_event_seal_column_to_tables_made_before_it_and_keeps_their_rows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"securityreset-upgrade-{Guid.NewGuid():N}.db");
        try
        {
            var factory = new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<SecurityResetDbContext>(new DbContextOptionsBuilder<SecurityResetDbContext>().UseSqlite($"Data Source={path}").Options);
            var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(factory);
            await store.EnsureSchemaAsync(Ct);
            var flow = SampleCases.Flow(CaseState.VerifyingItems);
            var opened = flow[0];
            Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events), Ct));
            await using (var db = await factory.CreateDbContextAsync(Ct))
            {
                // The events table as it was before events carried a seal.
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"SecurityResetCaseEvents\" DROP COLUMN \"Seal\"", Ct);
            }

            await store.EnsureSchemaAsync(Ct);

            var events = await store.ReadEventsAsync(opened.Case.Id, Ct);
            Assert.Equal(opened.Events.Count, events.Count);
            Assert.All(events, e => Assert.Null(e.Seal));
            var next = flow[1];
            var sealedEvents = next.Events.Select(e => e with { Seal = "k1:c2VhbA==" }).ToList();
            Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(next.Case, opened.Case.Version, sealedEvents), Ct));
            Assert.Equal("k1:c2VhbA==", (await store.ReadEventsAsync(opened.Case.Id, Ct))[^1].Seal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_registered_store_replaces_the_in_memory_one_and_creates_its_schema()
    {
        var path = Path.Combine(Path.GetTempPath(), $"securityreset-di-{Guid.NewGuid():N}.db");
        try
        {
            var services = new ServiceCollection();
            services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(new byte[32]))
                .UseInMemoryStore()
                .UseEntityFrameworkCoreStore(db => db.UseSqlite($"Data Source={path}"), m => m.TablePrefix = "sr_");
            await using var provider = services.BuildServiceProvider();
            await provider.EnsureSecurityResetSchemaAsync(Ct);

            var store = provider.GetRequiredService<IResetCaseStore>();
            Assert.IsType<EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>>(store);
            Assert.Same(store, provider.GetRequiredService<IResetCaseStore>());

            var opened = SampleCases.Flow(CaseState.SelectingItems)[0];
            Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events), Ct));
            await using var check = new SqliteConnection($"Data Source={path}");
            await check.OpenAsync(Ct);
            await using var command = check.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM \"sr_Cases\"";
            Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task A_host_context_can_hold_the_store_tables_beside_its_own()
    {
        var path = Path.Combine(Path.GetTempPath(), $"securityreset-host-{Guid.NewGuid():N}.db");
        try
        {
            var services = new ServiceCollection();
            services.AddDbContextFactory<HostDbContext>(o => o.UseSqlite($"Data Source={path}").UseSecurityResetSqliteSettings());
            services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(new byte[32]))
                .UseEntityFrameworkCoreStore<HostDbContext>()
                .UseInMemoryStore(); // too late: the durable store stays
            await using var provider = services.BuildServiceProvider();
            await provider.EnsureSecurityResetSchemaAsync(Ct);

            var store = Assert.IsType<EntityFrameworkCoreResetCaseStore<HostDbContext>>(provider.GetRequiredService<IResetCaseStore>());
            var opened = SampleCases.Flow(CaseState.SelectingItems, "U-1")[0];
            var message = new OutboxMessage(Guid.NewGuid(), opened.Case.Id, SampleCases.Start, 0, new byte[] { 7 });
            Assert.Equal(
                StoreWriteResult.Written,
                await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Guard = AccountGuard.New("U-1") with { Version = 1 }, Messages = [message] }, Ct));
            await using var db = await provider.GetRequiredService<IDbContextFactory<HostDbContext>>().CreateDbContextAsync(Ct);
            db.Notes.Add(new Note { Text = "beside" });
            await db.SaveChangesAsync(Ct);
            Assert.Equal(1, await db.Set<AccountGuardRow>().CountAsync(Ct));
            Assert.Equal("host_AccountGuards", db.Model.FindEntityType(typeof(AccountGuardRow))!.GetTableName());
            Assert.Equal(message.Id, (await db.Set<OutboxRow>().SingleAsync(Ct)).Id);
            Assert.Equal("host_Outbox", db.Model.FindEntityType(typeof(OutboxRow))!.GetTableName());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<object?> ScalarAsync(DbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private static async Task<object?> TypeOfAsync(DbContext db, string column, CaseId id)
    {
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT typeof(\"{column}\") FROM \"SecurityResetCases\" WHERE \"Id\" = '{id.Value.ToString().ToUpperInvariant()}'";
        return await command.ExecuteScalarAsync(Ct);
    }

    public sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class HostDbContext(DbContextOptions<HostDbContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddSecurityReset(m => m.TablePrefix = "host_");
    }
}
