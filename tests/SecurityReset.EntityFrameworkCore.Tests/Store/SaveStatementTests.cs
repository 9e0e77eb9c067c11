using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Ports;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Store;

/// <summary>
/// The commit path's own statements (the case's compare-and-swap UPDATE, one INSERT of the events, the guard, the
/// idempotency record and the outbox, written once from the model): they go through the context's pipeline, write
/// the provider's value forms, and follow the model.
/// </summary>
public sealed class SaveStatementTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.ClearAsync(Ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_commit_runs_its_statements_in_one_transaction_through_the_interceptors()
    {
        var recorder = new CommandRecorder();
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(FactoryWith(database.Configure, recorder));
        var steps = SampleCases.Flow(CaseState.Submitted);
        var k = steps.Select((step, index) => (step, index)).First(x => x.index > 0 && x.step.Events.Count > 1).index;
        await SampleCases.WriteAsync(store, steps.Take(k).ToList(), Ct);

        recorder.Clear();
        var next = steps[k];
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(next.Case, next.ExpectedVersion, next.Events), Ct));

        Assert.Collection(
            recorder.Commands,
            update =>
            {
                Assert.StartsWith("UPDATE \"SecurityResetCases\" SET ", update.Text, StringComparison.Ordinal);
                Assert.EndsWith("WHERE \"Id\" = @key AND \"Version\" = @expected", update.Text, StringComparison.Ordinal);
                Assert.True(update.InTransaction);
            },
            insert =>
            {
                Assert.StartsWith("INSERT INTO \"SecurityResetCaseEvents\" (", insert.Text, StringComparison.Ordinal);
                Assert.Equal(next.Events.Count, insert.Text.Split("), (").Length);
                Assert.True(insert.InTransaction);
            });

        // A commit without events is the update alone, without a transaction of its own.
        recorder.Clear();
        var quiet = next.Case with { Version = next.Case.Version + 1 };
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(quiet, next.Case.Version, []), Ct));
        var only = Assert.Single(recorder.Commands);
        Assert.StartsWith("UPDATE ", only.Text, StringComparison.Ordinal);
        Assert.False(only.InTransaction);
    }

    [Fact]
    public async Task A_full_commit_is_one_statement_per_table_in_one_transaction()
    {
        var recorder = new CommandRecorder();
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(FactoryWith(database.Configure, recorder));
        var steps = SampleCases.Flow(CaseState.VerifyingItems);
        var opened = steps[0];
        var first = Message(opened.Case.Id);
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Messages = [first] }, Ct));

        await store.PurgeExpiredIdempotencyAsync(SampleCases.Start, Ct); // the hourly purge is not due during the commit below
        recorder.Clear();
        var next = steps[1];
        var guard = Guards.WithFailures(next.Case.AccountId, 1, failures: 1);
        var record = new IdempotencyRecord("case:select:k-1", "hash", "{}", SampleCases.Start.AddDays(1));
        var commit = SampleCases.Commit(next.Case, next.ExpectedVersion, next.Events) with
        {
            Guard = guard,
            Idempotency = record,
            Messages = [Message(next.Case.Id), Message(next.Case.Id)],
            Settled = [first.Id],
        };
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(commit, Ct));

        Assert.Equal(
            [
                "UPDATE \"SecurityResetCases\"",
                "INSERT INTO \"SecurityResetCaseEvents\"",
                "INSERT INTO \"SecurityResetAccountGuards\"",
                "DELETE FROM \"SecurityResetIdempotency\"",
                "INSERT INTO \"SecurityResetIdempotency\"",
                "DELETE FROM \"SecurityResetOutbox\"",
                "INSERT INTO \"SecurityResetOutbox\"",
            ],
            recorder.Commands.Select(c => string.Join(' ', c.Text.Split(' ').Take(c.Text.StartsWith("UPDATE", StringComparison.Ordinal) ? 2 : 3))));
        Assert.All(recorder.Commands, c => Assert.True(c.InTransaction));

        // The guard's next commit is a compare-and-swap update.
        recorder.Clear();
        var after = next.Case with { Version = next.Case.Version + 1 };
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(after, next.Case.Version, []) with { Guard = guard with { Version = 2 } }, Ct));
        Assert.Collection(
            recorder.Commands,
            c => Assert.StartsWith("UPDATE \"SecurityResetCases\"", c.Text, StringComparison.Ordinal),
            c => Assert.Equal(
                "UPDATE \"SecurityResetAccountGuards\" SET \"Version\" = @v0_0, \"Payload\" = @v1_0 WHERE \"AccountId\" = @key AND \"Version\" = @expected",
                c.Text));
        Assert.Equal(2, (await store.LoadGuardAsync(next.Case.AccountId, Ct))!.Version);
        Assert.Equal(commit.Messages.Select(m => m.Id).Order(), (await store.ClaimMessagesAsync(Guid.NewGuid(), SampleCases.Start, SampleCases.Start.AddMinutes(1), 10, Ct)).Select(m => m.Id).Order());
    }

    [Fact]
    public async Task Saved_columns_hold_the_same_forms_as_rows_written_by_SaveChanges()
    {
        var store = database.Stores().Cases;
        var steps = SampleCases.Flow(CaseState.Submitted);
        var current = await SampleCases.WriteAsync(store, steps, Ct);

        await using var db = await database.Factory.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        var id = current.Id.Value.ToString().ToUpperInvariant();

        // Ids as EF Core's SQLite provider writes them on insert (upper-case text), enums by name, ticks as integers.
        Assert.Equal("Submitted", await ScalarAsync(db, $"SELECT State FROM SecurityResetCases WHERE Id = '{id}'"));
        Assert.Equal(current.SubmittedAt!.Value.UtcTicks, await ScalarAsync(db, $"SELECT SubmittedAtUtcTicks FROM SecurityResetCases WHERE Id = '{id}'"));
        Assert.Equal(current.Version, await ScalarAsync(db, $"SELECT Version FROM SecurityResetCases WHERE Id = '{id}'"));
        var eventCount = steps.Sum(s => s.Events.Count);
        Assert.Equal((long)eventCount, await ScalarAsync(db, $"SELECT COUNT(*) FROM SecurityResetCaseEvents WHERE CaseId = '{id}'"));
        Assert.Equal(0L, await ScalarAsync(db, $"SELECT COUNT(*) FROM SecurityResetCaseEvents WHERE CaseId = '{id}' AND ActorKind NOT IN ('Applicant', 'Reviewer', 'System')"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM SecurityResetCaseEvents WHERE typeof(CaseId) <> 'text' OR typeof(OccurredAtUtcTicks) <> 'integer'"));

        // Outbox rows and guards as SaveChanges would write them: the ids upper-case text, the payload a blob.
        var message = Message(current.Id);
        var next = current with { Version = current.Version + 1 };
        var guard = Guards.WithFailures(current.AccountId, 1, failures: 2);
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(next, current.Version, []) with { Guard = guard, Messages = [message] }, Ct));
        var messageId = message.Id.ToString().ToUpperInvariant();
        Assert.Equal(id, await ScalarAsync(db, $"SELECT CaseId FROM SecurityResetOutbox WHERE Id = '{messageId}'"));
        Assert.Equal("blob", await ScalarAsync(db, $"SELECT typeof(Payload) FROM SecurityResetOutbox WHERE Id = '{messageId}'"));
        Assert.Equal("null", await ScalarAsync(db, $"SELECT typeof(ClaimToken) FROM SecurityResetOutbox WHERE Id = '{messageId}'"));
        Assert.Equal(guard.Payload, await ScalarAsync(db, "SELECT Payload FROM SecurityResetAccountGuards"));
        Assert.Equal("text", await ScalarAsync(db, "SELECT typeof(Payload) FROM SecurityResetAccountGuards"));
        var claim = Guid.NewGuid();
        Assert.Single(await store.ClaimMessagesAsync(claim, SampleCases.Start, SampleCases.Start.AddMinutes(1), 1, Ct));
        Assert.Equal(claim.ToString().ToUpperInvariant(), await ScalarAsync(db, $"SELECT ClaimToken FROM SecurityResetOutbox WHERE Id = '{messageId}'"));

        await using var tracked = await database.Factory.CreateDbContextAsync(Ct);
        var row = await tracked.Set<SecurityReset.EntityFrameworkCore.Model.OutboxRow>().SingleAsync(r => r.Id == message.Id, Ct);
        Assert.Equal(claim, row.ClaimToken);
        Assert.Equal(message.Payload.ToArray(), row.Payload);
    }

    [Fact]
    public async Task A_save_with_an_event_of_another_case_is_refused_before_anything_is_written()
    {
        var store = database.Stores().Cases;
        var steps = SampleCases.Flow(CaseState.VerifyingItems);
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(steps[0].Case, 0, steps[0].Events), Ct));
        var next = steps[1];
        var foreign = next.Events[0] with { CaseId = CaseId.New() };

        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitAsync(SampleCases.Commit(next.Case, next.ExpectedVersion, [.. next.Events, foreign]), Ct));

        var loaded = await store.LoadAsync(next.Case.Id, Ct);
        Assert.Equal(steps[0].Case.Version, loaded!.Version);
        Assert.Equal(steps[0].Events, await store.ReadEventsAsync(next.Case.Id, Ct));
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(next.Case, next.ExpectedVersion, next.Events), Ct));
    }

    [Fact]
    public async Task Contexts_with_different_models_each_get_statements_for_their_own_tables()
    {
        var first = new PooledDbContextFactory<SecurityResetDbContext>(Options(m => m.TablePrefix = "first_"));
        var second = new PooledDbContextFactory<SecurityResetDbContext>(Options(m => m.TablePrefix = "second_"));
        await new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(first).EnsureSchemaAsync(Ct);
        await new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(second).EnsureSchemaAsync(Ct);
        var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(new AlternatingFactory(first, second));

        // Calls alternate between the two models: an insert and then saves, each landing on the table of its model.
        var a = SampleCases.Flow(CaseState.Questionnaire);
        var b = SampleCases.Flow(CaseState.Questionnaire);
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(a[i].Case, i == 0 ? 0 : a[i].ExpectedVersion, a[i].Events) with { Messages = [Message(a[i].Case.Id)] }, Ct));
            Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(b[i].Case, i == 0 ? 0 : b[i].ExpectedVersion, b[i].Events) with { Messages = [Message(b[i].Case.Id)] }, Ct));
        }

        await using var db = await first.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(a[^1].Case.Version, await ScalarAsync(db, "SELECT MAX(Version) FROM first_Cases"));
        Assert.Equal(b[^1].Case.Version, await ScalarAsync(db, "SELECT MAX(Version) FROM second_Cases"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM first_Cases"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM second_Cases"));
        Assert.Equal((long)a.Sum(s => s.Events.Count), await ScalarAsync(db, "SELECT COUNT(*) FROM first_CaseEvents"));
        Assert.Equal((long)b.Sum(s => s.Events.Count), await ScalarAsync(db, "SELECT COUNT(*) FROM second_CaseEvents"));
        Assert.Equal((long)a.Count, await ScalarAsync(db, "SELECT COUNT(*) FROM first_Outbox"));
        Assert.Equal((long)b.Count, await ScalarAsync(db, "SELECT COUNT(*) FROM second_Outbox"));

        DbContextOptions<SecurityResetDbContext> Options(Action<SecurityResetModelOptions> model)
        {
            var options = new DbContextOptionsBuilder<SecurityResetDbContext>();
            database.Configure(options);
            return options.UseSecurityResetSqliteSettings().UseSecurityResetModel(model).Options;
        }
    }

    private static OutboxMessage Message(CaseId caseId) =>
        new(Guid.NewGuid(), caseId, SampleCases.Start, 0, new byte[] { 1, 2, 3, (byte)Random.Shared.Next(256) });

    private static PooledDbContextFactory<SecurityResetDbContext> FactoryWith(Action<DbContextOptionsBuilder> configure, IInterceptor interceptor)
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>();
        configure(options);
        return new PooledDbContextFactory<SecurityResetDbContext>(options.UseSecurityResetSqliteSettings().AddInterceptors(interceptor).Options);
    }

#pragma warning disable CA2100 // Test queries over ids the test made.
    private static async Task<object?> ScalarAsync(DbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
#pragma warning restore CA2100

    private sealed record RecordedCommand(string Text, bool InTransaction);

    /// <summary>Records the commands the contexts execute: what a host's own interceptor would see.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<RecordedCommand> _commands = new();

        public IReadOnlyList<RecordedCommand> Commands => [.. _commands];

        public void Clear() => _commands.Clear();

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _commands.Enqueue(new RecordedCommand(command.CommandText, command.Transaction is not null));
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Hands out contexts of two factories in turn.</summary>
    private sealed class AlternatingFactory(IDbContextFactory<SecurityResetDbContext> first, IDbContextFactory<SecurityResetDbContext> second)
        : IDbContextFactory<SecurityResetDbContext>
    {
        private int _calls;

        public SecurityResetDbContext CreateDbContext() =>
            Interlocked.Increment(ref _calls) % 2 == 1 ? first.CreateDbContext() : second.CreateDbContext();
    }
}
