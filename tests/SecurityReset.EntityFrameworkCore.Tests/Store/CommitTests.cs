using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Ports;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Store;

/// <summary>
/// The EF Core store's commit and outbox on a real database: a refused commit leaves every table as it was, claims
/// hand each due message to one claim, and completion and retries answer to the claim that holds a message.
/// </summary>
public abstract class CommitTests<TDatabase>(TDatabase database) : IAsyncLifetime
    where TDatabase : StoreDatabase
{
    private static readonly DateTimeOffset T0 = SampleCases.Start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (database as PostgresDatabase)?.SkipUnlessAvailable();
        await database.ClearAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_commit_refused_on_its_idempotency_key_leaves_case_events_guard_and_outbox_as_they_were()
    {
        var store = database.Store();
        var steps = SampleCases.Flow(CaseState.VerifyingItems);
        var opened = steps[0];
        var record = new IdempotencyRecord("open:k-1", "hash-1", """{"view":1}""", T0.AddHours(24));
        var first = Message(opened.Case.Id, T0);
        Assert.Equal(
            StoreWriteResult.Written,
            await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Idempotency = record, Messages = [first] }, Ct));
        var before = await SnapshotAsync(store, opened.Case);

        // Every other part of the commit would be written first: the case, its events, the account's first guard,
        // a new message and the settling of the first one. The key, still held, refuses the whole commit.
        var next = steps[1];
        var refused = SampleCases.Commit(next.Case, next.ExpectedVersion, next.Events) with
        {
            Guard = Guards.WithFailures(next.Case.AccountId, 1, failures: 1),
            Idempotency = record with { RequestHash = "hash-2", ResultJson = "{}", ExpiresAt = T0.AddHours(48) },
            Messages = [Message(next.Case.Id, T0)],
            Settled = [first.Id],
            CommittedAt = T0.AddHours(23),
        };
        Assert.Equal(StoreWriteResult.IdempotencyKeyTaken, await store.CommitAsync(refused, Ct));

        Assert.Equal(before, await SnapshotAsync(store, opened.Case));
        Assert.Equal(record, await store.FindIdempotencyAsync(record.Key, T0, Ct));

        // Once the record expired, the same commit goes through whole.
        var later = refused with { CommittedAt = T0.AddHours(24) };
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(later, Ct));
        var after = await SnapshotAsync(store, opened.Case);
        Assert.Equal(next.Case.Version, after.Case!.Version);
        Assert.Equal(opened.Events.Count + next.Events.Count, after.Events.Count);
        Assert.Equal(1, Guards.Failures(after.Guard));
        Assert.Equal([refused.Messages[0].Id], after.Outbox.Select(m => m.Id));
        Assert.Equal("hash-2", (await store.FindIdempotencyAsync(record.Key, T0.AddHours(24), Ct))!.RequestHash);
    }

    [Fact]
    public async Task A_commit_refused_on_the_guard_version_leaves_case_events_idempotency_and_outbox_as_they_were()
    {
        var store = database.Store();
        var steps = SampleCases.Flow(CaseState.VerifyingItems);
        var opened = steps[0];
        var first = Message(opened.Case.Id, T0);
        var guard = Guards.WithFailures(opened.Case.AccountId, 1, failures: 2);
        Assert.Equal(
            StoreWriteResult.Written,
            await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Guard = guard, Messages = [first] }, Ct));
        var before = await SnapshotAsync(store, opened.Case);

        var next = steps[1];
        var stale = SampleCases.Commit(next.Case, next.ExpectedVersion, next.Events) with
        {
            Guard = Guards.WithFailures(opened.Case.AccountId, 3, failures: 3), // decided on version 2, which was never stored
            Idempotency = new IdempotencyRecord("case:k-2", "hash", "{}", T0.AddHours(24)),
            Messages = [Message(next.Case.Id, T0)],
            Settled = [first.Id],
        };
        Assert.Equal(StoreWriteResult.VersionConflict, await store.CommitAsync(stale, Ct));
        Assert.Equal(before, await SnapshotAsync(store, opened.Case));
        Assert.Null(await store.FindIdempotencyAsync("case:k-2", T0, Ct));

        // A second "first" guard of the account is a lost compare-and-swap too, not an error.
        var second = stale with { Guard = Guards.WithFailures(opened.Case.AccountId, 1, failures: 5) };
        Assert.Equal(StoreWriteResult.VersionConflict, await store.CommitAsync(second, Ct));
        Assert.Equal(before, await SnapshotAsync(store, opened.Case));
        Assert.Null(await store.FindIdempotencyAsync("case:k-2", T0, Ct));

        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(stale with { Guard = Guards.WithFailures(opened.Case.AccountId, 2, failures: 3) }, Ct));
        Assert.Equal(3, Guards.Failures(await store.LoadGuardAsync(opened.Case.AccountId, Ct)));
        Assert.NotNull(await store.FindIdempotencyAsync("case:k-2", T0, Ct));
    }

    [Fact]
    public async Task A_refused_insert_writes_none_of_its_events_guard_record_or_messages()
    {
        var store = database.Store();
        var account = SampleCases.NewAccountId();
        var opened = SampleCases.Flow(CaseState.SelectingItems, account)[0];
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events), Ct));

        // Another open case of the account, and the same id again.
        var rival = SampleCases.Flow(CaseState.SelectingItems, account)[0];
        foreach (var (step, expected) in new[] { (rival, StoreWriteResult.AccountHasOpenCase), (opened, StoreWriteResult.VersionConflict) })
        {
            var commit = SampleCases.Commit(step.Case, 0, step.Events) with
            {
                Guard = AccountGuard.New(account) with { Version = 1 },
                Idempotency = new IdempotencyRecord("open:" + expected, "hash", "{}", T0.AddHours(1)),
                Messages = [Message(step.Case.Id, T0)],
            };
            Assert.Equal(expected, await store.CommitAsync(commit, Ct));
            Assert.Null(await store.LoadGuardAsync(account, Ct));
            Assert.Null(await store.FindIdempotencyAsync(commit.Idempotency!.Key, T0, Ct));
            Assert.Empty(await OutboxAsync());
        }

        Assert.Null(await store.LoadAsync(rival.Case.Id, Ct));
        Assert.Empty(await store.ReadEventsAsync(rival.Case.Id, Ct));
        Assert.Equal(opened.Events, await store.ReadEventsAsync(opened.Case.Id, Ct));
    }

    [Fact]
    public async Task Claims_take_due_messages_earliest_first_and_complete_or_retry_only_by_their_claim()
    {
        var store = database.Store();
        var opened = SampleCases.Flow(CaseState.SelectingItems)[0];
        var caseId = opened.Case.Id;
        Guid[] sameTime = [.. new[] { Guid.NewGuid(), Guid.NewGuid() }.Order()];
        var a = Message(caseId, T0.AddMinutes(1)) with { Id = sameTime[1] };
        var b = Message(caseId, T0.AddMinutes(1)) with { Id = sameTime[0] };
        var c = Message(caseId, T0);
        var d = Message(caseId, T0.AddMinutes(2));
        var notYet = Message(caseId, T0.AddMinutes(10));
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Messages = [a, b, c, d, notYet] }, Ct));

        var now = T0.AddMinutes(2);
        var lease = now.AddMinutes(2);
        Assert.Empty(await store.ClaimMessagesAsync(Guid.NewGuid(), now, lease, 0, Ct));

        // Earliest due first, then by id; each comes back leased, with one more attempt, its payload untouched.
        var first = Guid.NewGuid();
        var claimed = await store.ClaimMessagesAsync(first, now, lease, 2, Ct);
        Assert.Equal([c.Id, b.Id], claimed.Select(m => m.Id));
        Assert.All(claimed, m => Assert.Equal(lease, m.DueAt));
        Assert.All(claimed, m => Assert.Equal(1, m.Attempts));
        Assert.Equal(c.Payload.ToArray(), claimed[0].Payload.ToArray());
        Assert.Equal(caseId, claimed[0].CaseId);

        // Another claim gets the rest of what is due, never what the first holds.
        var second = Guid.NewGuid();
        Assert.Equal([a.Id, d.Id], (await store.ClaimMessagesAsync(second, now, lease, 10, Ct)).Select(m => m.Id));
        Assert.Empty(await store.ClaimMessagesAsync(Guid.NewGuid(), now, lease, 10, Ct));

        // Completion and retry answer to the holder only.
        Assert.False(await store.CompleteMessageAsync(c.Id, second, Ct));
        Assert.True(await store.CompleteMessageAsync(c.Id, first, Ct));
        Assert.False(await store.CompleteMessageAsync(c.Id, first, Ct));
        Assert.False(await store.RetryMessageAsync(b.Id, second, now.AddMinutes(1), Ct));
        Assert.True(await store.RetryMessageAsync(b.Id, first, now.AddMinutes(1), Ct));

        // A retried message is released: its old claim holds it no more, and it is due again at its retry time.
        Assert.False(await store.CompleteMessageAsync(b.Id, first, Ct));
        Assert.False(await store.RetryMessageAsync(b.Id, first, now, Ct));
        Assert.Empty(await store.ClaimMessagesAsync(Guid.NewGuid(), now.AddSeconds(59), lease, 10, Ct));
        var third = Guid.NewGuid();
        var again = Assert.Single(await store.ClaimMessagesAsync(third, now.AddMinutes(1), lease.AddMinutes(1), 10, Ct));
        Assert.Equal((b.Id, 2), (again.Id, again.Attempts));

        // A lease that ran out: the message is claimed again, and the claim that let it lapse can no longer settle it.
        var fourth = Guid.NewGuid();
        var lapsed = await store.ClaimMessagesAsync(fourth, lease, lease.AddMinutes(2), 10, Ct);
        Assert.Equal(new[] { a.Id, d.Id }.Order(), lapsed.Select(m => m.Id)); // both due at the lease's end: by id
        Assert.All(lapsed, m => Assert.Equal(2, m.Attempts));
        Assert.False(await store.CompleteMessageAsync(a.Id, second, Ct));
        Assert.False(await store.RetryMessageAsync(d.Id, second, lease, Ct));
        Assert.True(await store.CompleteMessageAsync(a.Id, fourth, Ct));

        // A commit settles a message whoever holds it.
        var next = opened.Case with { Version = 2 };
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(SampleCases.Commit(next, 1, []) with { Settled = [d.Id, b.Id] }, Ct));
        Assert.False(await store.CompleteMessageAsync(d.Id, fourth, Ct));
        Assert.Equal([notYet.Id], (await OutboxAsync()).Select(m => m.Id));
        Assert.Null((await OutboxAsync())[0].ClaimToken);
    }

    [Fact]
    public async Task Four_parallel_claimers_over_two_hundred_due_messages_claim_each_exactly_once()
    {
        var writer = database.Store();
        var opened = SampleCases.Flow(CaseState.SelectingItems)[0];
        var messages = Enumerable.Range(0, 200).Select(i => Message(opened.Case.Id, T0.AddSeconds(-(i % 17)))).ToList();
        Assert.Equal(StoreWriteResult.Written, await writer.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events) with { Messages = messages }, Ct));

        // Four dispatchers, as four instances would run them: each a store and a context pool of its own, claiming
        // small batches until a claim comes back empty.
        using var gate = new Barrier(4);
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                var store = new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(database.CreateFactory());
                var mine = new List<(Guid Claim, OutboxMessage Message)>();
                gate.SignalAndWait(Ct);
                while (true)
                {
                    var claim = Guid.NewGuid();
                    var batch = await store.ClaimMessagesAsync(claim, T0, T0.AddMinutes(5), 7, Ct);
                    if (batch.Count == 0)
                    {
                        return mine;
                    }

                    mine.AddRange(batch.Select(m => (claim, m)));
                }
            },
            Ct)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(messages.Select(m => m.Id).Order(), all.Select(x => x.Message.Id).Order());
        Assert.All(all, x => Assert.Equal(1, x.Message.Attempts));

        // Each row is held by the claim that returned it, claimed once.
        var holders = all.ToDictionary(x => x.Message.Id, x => x.Claim);
        var rows = await OutboxAsync();
        Assert.Equal(200, rows.Count);
        Assert.All(rows, r => Assert.Equal((holders[r.Id], 1), (r.ClaimToken!.Value, r.Attempts)));
        Assert.Empty(await writer.ClaimMessagesAsync(Guid.NewGuid(), T0.AddMinutes(5).AddTicks(-1), T0.AddMinutes(10), 1000, Ct));
    }

    private static OutboxMessage Message(CaseId caseId, DateTimeOffset dueAt) =>
        new(Guid.NewGuid(), caseId, dueAt, 0, Guid.NewGuid().ToByteArray());

    private async Task<List<OutboxRow>> OutboxAsync()
    {
        await using var db = await database.Factory.CreateDbContextAsync(Ct);
        return await db.Set<OutboxRow>().AsNoTracking().OrderBy(r => r.DueAtUtcTicks).ThenBy(r => r.Id).ToListAsync(Ct);
    }

    // What a commit can change, read back: compared whole before and after a refused commit.
    private async Task<Tables> SnapshotAsync(EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> store, StoredCase storedCase)
    {
        var outbox = await OutboxAsync();
        return new Tables(
            await store.LoadAsync(storedCase.Id, Ct),
            await store.ReadEventsAsync(storedCase.Id, Ct),
            await store.LoadGuardAsync(storedCase.AccountId, Ct),
            [.. outbox.Select(r => new OutboxMessage(r.Id, new CaseId(r.CaseId), new DateTimeOffset(r.DueAtUtcTicks, TimeSpan.Zero), r.Attempts, r.Payload))]);
    }

    private sealed record Tables(StoredCase? Case, IReadOnlyList<CaseEvent> Events, AccountGuard? Guard, IReadOnlyList<OutboxMessage> Outbox)
    {
        public bool Equals(Tables? other) =>
            other is not null
            && Equals(Case, other.Case)
            && Events.SequenceEqual(other.Events)
            && Equals(Guard, other.Guard)
            && Outbox.Select(Key).SequenceEqual(other.Outbox.Select(Key));

        public override int GetHashCode() => HashCode.Combine(Case, Events.Count, Guard, Outbox.Count);

        private static (Guid, CaseId, DateTimeOffset, int, string) Key(OutboxMessage m) =>
            (m.Id, m.CaseId, m.DueAt, m.Attempts, Convert.ToBase64String(m.Payload.Span));
    }
}

public sealed class SqliteCommitTests(SqliteDatabase database) : CommitTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresCommitTests(PostgresDatabase database) : CommitTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
