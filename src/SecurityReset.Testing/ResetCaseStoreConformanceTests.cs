using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Workflow;

namespace SecurityReset.Testing;

/// <summary>
/// The checks every implementation of <see cref="IResetCaseStore"/> must pass: cases, events, account guards,
/// idempotency records and the outbox, committed together. Derive one class per store and return fresh stores over empty
/// storage from <see cref="CreateStoresAsync"/>; xunit v3 runs every test below for it. Tests within one class run
/// one at a time, so a derived class may share one database across its tests and empty it in
/// <see cref="CreateStoresAsync"/>.
/// </summary>
public abstract class ResetCaseStoreConformanceTests : IAsyncLifetime
{
    private const int Parallelism = 16;

    private ConformanceStores? _stores;

    /// <summary>The case store under test.</summary>
    protected IResetCaseStore Cases => Stores.Cases;

    /// <summary>Every case state, for the round-trip theory.</summary>
    public static TheoryData<CaseState> States { get; } = [.. SampleCases.AllStates];

    private ConformanceStores Stores => _stores ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the stores for one test, over empty storage.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stores.</returns>
    protected abstract ValueTask<ConformanceStores> CreateStoresAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => _stores = await CreateStoresAsync(Ct);

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>An inserted case loads back equal, with its events; an unknown id loads as nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Insert_then_load_round_trips_the_case_and_its_events()
    {
        var opened = SampleCases.Flow(CaseState.SelectingItems)[0];
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events), Ct));

        AssertSameCase(opened.Case, await Cases.LoadAsync(opened.Case.Id, Ct));
        Assert.Equal(opened.Events, await Cases.ReadEventsAsync(opened.Case.Id, Ct));
        Assert.Null(await Cases.LoadAsync(CaseId.New(), Ct));
        Assert.Empty(await Cases.ReadEventsAsync(CaseId.New(), Ct));
    }

    /// <summary>Inserting a case id twice is a conflict and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Inserting_an_existing_id_again_is_a_version_conflict()
    {
        var opened = SampleCases.Flow(CaseState.SelectingItems)[0];
        await Cases.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events), Ct);
        var cancelled = SampleCases.Vary(SampleCases.Flow(CaseState.Cancelled)[^1].Case, c => c with { Id = opened.Case.Id });

        Assert.Equal(StoreWriteResult.VersionConflict, await Cases.CommitAsync(SampleCases.Commit(cancelled, 0, []), Ct));
        AssertSameCase(opened.Case, await Cases.LoadAsync(opened.Case.Id, Ct));
        Assert.Equal(opened.Events, await Cases.ReadEventsAsync(opened.Case.Id, Ct));
    }

    /// <summary>A save on a stale version is a conflict and writes neither the snapshot nor the events.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_and_nothing_is_written()
    {
        var steps = SampleCases.Flow(CaseState.Questionnaire);
        var current = await SampleCases.WriteAsync(Cases, steps, Ct);
        var before = await Cases.ReadEventsAsync(current.Id, Ct);

        // A decision made on the version before the last one arrives late.
        var late = steps[^1];
        var stale = SampleCases.Vary(late.Case, c => c with { Version = late.ExpectedVersion, State = CaseState.Cancelled });
        var staleEvent = new CaseEvent(current.Id, late.ExpectedVersion, CaseEventTypes.Cancelled, SampleCases.Start, late.Events[0].Actor, null);
        Assert.Equal(StoreWriteResult.VersionConflict, await Cases.CommitAsync(SampleCases.Commit(stale, late.ExpectedVersion - 1, [staleEvent]), Ct));
        Assert.Equal(StoreWriteResult.VersionConflict, await Cases.CommitAsync(SampleCases.Commit(SampleCases.Vary(stale, c => c with { Version = current.Version + 2 }), current.Version + 1, [staleEvent]), Ct));

        AssertSameCase(current, await Cases.LoadAsync(current.Id, Ct));
        Assert.Equal(before, await Cases.ReadEventsAsync(current.Id, Ct));
        Assert.NotNull(await Cases.FindOpenCaseAsync(current.AccountId, Ct));
    }

    /// <summary>A save of a case that was never inserted is a conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Saving_an_unknown_case_is_a_version_conflict()
    {
        var steps = SampleCases.Flow(CaseState.VerifyingItems);

        Assert.Equal(StoreWriteResult.VersionConflict, await Cases.CommitAsync(SampleCases.Commit(steps[1].Case, 1, steps[1].Events), Ct));
        Assert.Null(await Cases.LoadAsync(steps[1].Case.Id, Ct));
        Assert.Empty(await Cases.ReadEventsAsync(steps[1].Case.Id, Ct));
    }

    /// <summary>Of many parallel saves on one version exactly one wins, and only its events are kept.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_saves_on_one_version_let_exactly_one_win()
    {
        var steps = SampleCases.Flow(CaseState.VerifyingItems);
        var opened = steps[0];
        await Cases.CommitAsync(SampleCases.Commit(opened.Case, 0, opened.Events), Ct);
        var next = steps[1];
        var writers = Enumerable.Range(0, Parallelism).Select(i => SampleCases.Vary(next.Case, c => c with { FaceScanReference = $"writer-{i}" })).ToList();

        var results = await Task.WhenAll(writers.Select((candidate, i) => Task.Run(
            () => Cases.CommitAsync(SampleCases.Commit(candidate, 1, [next.Events[0] with { Detail = $"writer-{i}" }]), Ct))));

        Assert.Single(results, r => r == StoreWriteResult.Written);
        Assert.All(results.Where(r => r != StoreWriteResult.Written), r => Assert.Equal(StoreWriteResult.VersionConflict, r));
        var winner = Array.IndexOf(results, StoreWriteResult.Written);
        var stored = (await Cases.LoadAsync(opened.Case.Id, Ct))!;
        Assert.Equal(2, stored.Version);
        AssertSameCase(writers[winner], stored);
        var events = await Cases.ReadEventsAsync(opened.Case.Id, Ct);
        Assert.Equal(2, events.Count);
        Assert.Equal($"writer-{winner}", events[1].Detail);
    }

    /// <summary>Of many parallel inserts of open cases for one account exactly one is written.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_inserts_of_open_cases_for_one_account_let_exactly_one_win()
    {
        var account = SampleCases.NewAccountId();
        var candidates = Enumerable.Range(0, Parallelism).Select(_ => SampleCases.Flow(CaseState.SelectingItems, account)[0]).ToList();

        var results = await Task.WhenAll(candidates.Select(c => Task.Run(() => Cases.CommitAsync(SampleCases.Commit(c.Case, 0, c.Events), Ct))));

        Assert.Single(results, r => r == StoreWriteResult.Written);
        Assert.All(results.Where(r => r != StoreWriteResult.Written), r => Assert.Equal(StoreWriteResult.AccountHasOpenCase, r));
        var winner = candidates[Array.IndexOf(results, StoreWriteResult.Written)];
        AssertSameCase(winner.Case, await Cases.FindOpenCaseAsync(account, Ct));
        foreach (var loser in candidates.Where(c => c != winner))
        {
            Assert.Null(await Cases.LoadAsync(loser.Case.Id, Ct));
            Assert.Empty(await Cases.ReadEventsAsync(loser.Case.Id, Ct));
        }
    }

    /// <summary>The open case of an account is found in every open state; terminal cases and other accounts are not.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_open_case_is_found_until_it_closes_and_then_the_account_may_open_another()
    {
        var account = SampleCases.NewAccountId();
        var steps = SampleCases.Flow(CaseState.Completed, account);
        Assert.Null(await Cases.FindOpenCaseAsync(account, Ct));

        await Cases.CommitAsync(SampleCases.Commit(steps[0].Case, 0, steps[0].Events), Ct);
        foreach (var step in steps.Skip(1))
        {
            Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(step.Case, step.ExpectedVersion, step.Events), Ct));
            var open = await Cases.FindOpenCaseAsync(account, Ct);
            if (step.Case.IsOpen)
            {
                AssertSameCase(step.Case, open);
                var rival = SampleCases.Flow(CaseState.SelectingItems, account)[0];
                Assert.Equal(StoreWriteResult.AccountHasOpenCase, await Cases.CommitAsync(SampleCases.Commit(rival.Case, 0, rival.Events), Ct));
            }
            else
            {
                Assert.Null(open);
            }
        }

        Assert.Null(await Cases.FindOpenCaseAsync(SampleCases.NewAccountId(), Ct));
        var cancelled = SampleCases.Flow(CaseState.Cancelled, account);
        await SampleCases.WriteAsync(Cases, cancelled, Ct);
        var next = SampleCases.Flow(CaseState.SelectingItems, account)[0];
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(next.Case, 0, next.Events), Ct));
        AssertSameCase(next.Case, await Cases.FindOpenCaseAsync(account, Ct));
    }

    /// <summary>A case in every state, built by a realistic flow and written step by step, loads back equal with its whole audit trail.</summary>
    /// <param name="state">The state.</param>
    /// <returns>A task.</returns>
    [Theory]
    [MemberData(nameof(States))]
    public async Task A_case_in_every_state_round_trips_with_its_audit_trail(CaseState state)
    {
        var steps = SampleCases.Flow(state);
        var last = await SampleCases.WriteAsync(Cases, steps, Ct);
        Assert.Equal(state, last.State);

        var loaded = await Cases.LoadAsync(last.Id, Ct);
        AssertSameCase(last, loaded);
        Assert.Equal(last.IsOpen, loaded!.IsOpen);
        var snapshot = CaseSnapshotSerializer.FromStored(loaded);
        Assert.Equal(state, snapshot.State);
        Assert.Equal(last.Version, snapshot.Version);
        Assert.Equal(SampleCases.EventsOf(steps), await Cases.ReadEventsAsync(last.Id, Ct));
    }

    /// <summary>
    /// The payload is opaque: a store keeps any bytes (every byte value, not text, not JSON) exactly, through an
    /// insert and a save, and reads nothing from them; the columns alone drive its queries.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_payload_is_kept_byte_for_byte_and_never_interpreted()
    {
        var opened = SampleCases.Flow(CaseState.Submitted)[0].Case;
        var bytes = new byte[4096 + 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 7) + (i >> 8));
        }

        var inserted = opened with { Payload = bytes };
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(inserted, 0, []), Ct));
        AssertSameCase(inserted, await Cases.LoadAsync(opened.Id, Ct));

        // A save replaces every column and the payload.
        var saved = inserted with
        {
            Version = inserted.Version + 1,
            State = CaseState.Submitted,
            SubmittedAt = SampleCases.Start.AddHours(2).ToOffset(TimeSpan.FromHours(-4)),
            ExpiresAt = inserted.ExpiresAt.AddDays(1),
            Payload = new byte[] { 0, 0xFF, 0xC3, 0x28, 0 },
        };
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(saved, inserted.Version, []), Ct));
        AssertSameCase(saved, await Cases.LoadAsync(opened.Id, Ct));
        AssertSameCase(saved, Assert.Single(await Cases.ListReviewQueueAsync(null, 10, Ct)));
        AssertSameCase(saved, await Cases.FindOpenCaseAsync(saved.AccountId, Ct));
    }

    /// <summary>
    /// The review queue holds submitted cases only, ordered by submission time (as an instant, whatever the offset)
    /// then id, and cursor paging visits each exactly once.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task The_review_queue_pages_by_submission_time_then_id_without_gaps_or_repeats()
    {
        var submitted = SampleCases.InState(CaseState.Submitted);
        var t = SampleCases.Start.AddHours(1);
        DateTimeOffset[] times =
        [
            t, t, t, t.AddTicks(1), t.AddTicks(-1), t.AddMinutes(-5),
            t.ToOffset(TimeSpan.FromHours(5.5)), t.AddHours(2).ToOffset(TimeSpan.FromHours(-8)), t.AddHours(1).ToOffset(TimeSpan.FromHours(3)),
            t.AddMinutes(30).ToOffset(TimeSpan.FromHours(-3)), t.AddMilliseconds(1), t.AddMilliseconds(1), t.AddDays(1), t.AddDays(-1),
            t.AddSeconds(1).ToOffset(TimeSpan.FromHours(14)), t.AddSeconds(1).ToOffset(TimeSpan.FromHours(-12)), t.AddHours(3), t.AddMinutes(90),
            t.AddMicroseconds(1), t.AddMicroseconds(2).ToOffset(TimeSpan.FromHours(1)), t.AddMinutes(7), t.AddMinutes(8), t.AddMinutes(9),
        ];
        var queue = times.Select(at => SampleCases.Vary(submitted, c => c with
        {
            Id = CaseId.New(),
            Account = c.Account with { AccountId = SampleCases.NewAccountId() },
            SubmittedAt = at,
        })).ToList();
        foreach (var c in queue)
        {
            Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(c, 0, []), Ct));
        }

        foreach (var state in new[] { CaseState.UnderReview, CaseState.InformationRequested, CaseState.Approved, CaseState.Rejected, CaseState.ReadyToSubmit })
        {
            await SampleCases.WriteAsync(Cases, SampleCases.Flow(state), Ct);
        }

        var expected = queue.OrderBy(c => c.SubmittedAt!.Value.UtcTicks).ThenBy(c => c.Id.Value).Select(c => c.Id).ToList();
        var seen = new List<CaseId>();
        ReviewQueueCursor? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Cases.ListReviewQueueAsync(cursor, 5, Ct);
            Assert.True(page.Count <= 5);
            if (page.Count == 0)
            {
                break;
            }

            Assert.All(page, c => Assert.Equal(CaseState.Submitted, c.State));
            seen.AddRange(page.Select(c => c.Id));
            var last = page[^1];

            // The cursor survives its text form, as it does through an API.
            Assert.True(ReviewQueueCursor.TryParse(new ReviewQueueCursor(last.SubmittedAt!.Value, last.Id).ToString(), out cursor));
        }

        Assert.Equal(expected, seen);
        Assert.Equal(expected.Take(3), (await Cases.ListReviewQueueAsync(null, 3, Ct)).Select(c => c.Id));
    }

    /// <summary>
    /// Expired cases are those in a state that can expire whose expiry is at or before now (as instants), oldest first,
    /// at most a page of them.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Expired_cases_are_listed_by_state_and_expiry_time()
    {
        var now = SampleCases.Start.AddDays(10);
        var expiring = new List<StoredCase>();
        var offsets = new[] { TimeSpan.Zero, TimeSpan.FromHours(9), TimeSpan.FromHours(-7) };
        var index = 0;
        foreach (var state in SampleCases.AllStates)
        {
            var template = SampleCases.InState(state);
            foreach (var expiresAt in new[] { now.AddHours(-index - 1), now, now.AddTicks(1), now.AddHours(1) })
            {
                var c = SampleCases.Vary(template, t => t with
                {
                    Id = CaseId.New(),
                    Account = t.Account with { AccountId = SampleCases.NewAccountId() },
                    ExpiresAt = expiresAt.ToOffset(offsets[index % offsets.Length]),
                });
                Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(c, 0, []), Ct));
                if (StoredCase.ExpirableStates.Contains(state) && expiresAt <= now)
                {
                    expiring.Add(c);
                }
            }

            index++;
        }

        var listed = await Cases.ListExpiredAsync(now, 1000, Ct);
        Assert.Equal(expiring.Select(c => c.Id.Value).Order(), listed.Select(c => c.Id.Value).Order());
        Assert.Equal(listed.OrderBy(c => c.ExpiresAt.UtcTicks).Select(c => c.ExpiresAt.UtcTicks), listed.Select(c => c.ExpiresAt.UtcTicks));
        var firstPage = await Cases.ListExpiredAsync(now, 3, Ct);
        Assert.Equal(3, firstPage.Count);
        Assert.Equal(listed.Take(3).Select(c => c.ExpiresAt.UtcTicks), firstPage.Select(c => c.ExpiresAt.UtcTicks));
        Assert.Empty(await Cases.ListExpiredAsync(SampleCases.Start.AddDays(-30), 1000, Ct));
    }

    /// <summary>Approved cases are listed oldest decision first; other states are not.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Approved_cases_are_listed_oldest_decision_first()
    {
        var approved = new List<StoredCase>();
        for (var i = 0; i < 4; i++)
        {
            approved.Add(await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.Approved, start: SampleCases.Start.AddHours(4 - i)), Ct));
        }

        await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.Completed), Ct);
        await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.UnderReview), Ct);

        var listed = await Cases.ListApprovedAsync(100, Ct);
        Assert.Equal(approved.OrderBy(c => c.DecidedAt!.Value.UtcTicks).Select(c => c.Id), listed.Select(c => c.Id));
        Assert.Equal(2, (await Cases.ListApprovedAsync(2, Ct)).Count);
    }

    /// <summary>
    /// Cases whose purge due time is at or before now (as instants) are listed, earliest first, at most a page of them;
    /// cases with none are never listed, and a commit that clears the due time takes the case off the list.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Cases_due_for_purge_are_listed_by_due_time_until_a_commit_clears_it()
    {
        var now = SampleCases.Start.AddDays(100);
        var offsets = new[] { TimeSpan.Zero, TimeSpan.FromHours(9), TimeSpan.FromHours(-7) };
        var due = new List<StoredCase>();
        var index = 0;
        foreach (var state in new[] { CaseState.Completed, CaseState.Rejected, CaseState.Cancelled, CaseState.Expired, CaseState.Superseded })
        {
            foreach (DateTimeOffset? purgeAfter in new DateTimeOffset?[] { now.AddHours(-index - 1), now, now.AddTicks(1), null })
            {
                var c = SampleCases.InState(state, SampleCases.NewAccountId()) with { PurgeAfter = purgeAfter?.ToOffset(offsets[index % offsets.Length]) };
                Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(c, 0, []), Ct));
                AssertSameCase(c, await Cases.LoadAsync(c.Id, Ct));
                if (purgeAfter <= now)
                {
                    due.Add(c);
                }
            }

            index++;
        }

        await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.Submitted), Ct);

        var listed = await Cases.ListPurgeDueAsync(now, 1000, Ct);
        Assert.Equal(due.Select(c => c.Id.Value).Order(), listed.Select(c => c.Id.Value).Order());
        Assert.Equal(listed.OrderBy(c => c.PurgeAfter!.Value.UtcTicks).Select(c => c.PurgeAfter!.Value.UtcTicks), listed.Select(c => c.PurgeAfter!.Value.UtcTicks));
        var firstPage = await Cases.ListPurgeDueAsync(now, 3, Ct);
        Assert.Equal(listed.Take(3).Select(c => c.Id), firstPage.Select(c => c.Id));
        Assert.Empty(await Cases.ListPurgeDueAsync(SampleCases.Start, 1000, Ct));

        // The purge's commit: a new version without a due time, its event appended.
        var purged = listed[0];
        var next = SampleCases.Vary(purged, c => c with { Version = c.Version + 1 });
        Assert.Null(next.PurgeAfter);
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(next, purged.Version, [Event(purged.Id, next.Version, "case.purged")]), Ct));
        AssertSameCase(next, await Cases.LoadAsync(purged.Id, Ct));
        Assert.DoesNotContain(purged.Id, (await Cases.ListPurgeDueAsync(now, 1000, Ct)).Select(c => c.Id));
        Assert.Equal(listed.Count - 1, (await Cases.ListPurgeDueAsync(now, 1000, Ct)).Count);
    }

    /// <summary>Events are appended, never replaced, and read back in the order written, several per version included.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Events_are_appended_and_read_back_in_order()
    {
        var steps = SampleCases.Flow(CaseState.Completed);
        var id = steps[0].Case.Id;
        var written = new List<CaseEvent>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            _ = i == 0 ? await Cases.CommitAsync(SampleCases.Commit(step.Case, 0, step.Events), Ct) : await Cases.CommitAsync(SampleCases.Commit(step.Case, step.ExpectedVersion, step.Events), Ct);
            written.AddRange(step.Events);
            Assert.Equal(written, await Cases.ReadEventsAsync(id, Ct));
        }

        Assert.Contains(steps, s => s.Events.Count > 1);
        Assert.Equal(written.Select(e => e.Version).Order(), (await Cases.ReadEventsAsync(id, Ct)).Select(e => e.Version));
    }

    /// <summary>One save may carry many events: all of them are kept, in the order given, and a later save appends after them.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_save_with_many_events_keeps_them_all_in_order()
    {
        var steps = SampleCases.Flow(CaseState.Submitted);
        var inserted = steps[0];
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(inserted.Case, 0, inserted.Events), Ct));
        var next = steps[1];
        var actor = next.Events[0].Actor;
        CaseEvent[] many =
        [
            .. Enumerable.Range(0, 12).Select(i => new CaseEvent(
                next.Case.Id, next.Case.Version, $"ConformanceEvent{i:D2}", SampleCases.Start.AddSeconds(i), actor, i % 2 == 0 ? null : $"detail {i}")),
        ];

        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(next.Case, next.ExpectedVersion, many), Ct));
        var last = steps[2];
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(last.Case, last.ExpectedVersion, last.Events), Ct));

        Assert.Equal([.. inserted.Events, .. many, .. last.Events], await Cases.ReadEventsAsync(next.Case.Id, Ct));
        AssertSameCase(last.Case, await Cases.LoadAsync(next.Case.Id, Ct));
    }

    /// <summary>
    /// An account guard is committed at version 1 once, and then only replaced on its current version; its payload
    /// comes back exactly as given (the library's counts, printable ASCII up to 2,000 characters).
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Account_guards_are_compare_and_swap()
    {
        var account = SampleCases.NewAccountId();
        var steps = SampleCases.Flow(CaseState.VerifyingItems, account);
        await SampleCases.WriteAsync(Cases, steps, Ct);
        Assert.Null(await Cases.LoadGuardAsync(account, Ct));

        var version = steps[^1].Case.Version;
        Task<StoreWriteResult> CommitGuard(AccountGuard guard, long expectedCaseVersion) =>
            Cases.CommitAsync(SampleCases.Commit(SampleCases.Vary(steps[^1].Case, c => c with { Version = expectedCaseVersion + 1 }), expectedCaseVersion, []) with { Guard = guard }, Ct);

        var first = SampleCases.Guard(account, 1, failures: 1);
        Assert.Equal(StoreWriteResult.Written, await CommitGuard(first, version++));
        Assert.Equal(StoreWriteResult.VersionConflict, await CommitGuard(SampleCases.Guard(account, 1, failures: 9), version));
        Assert.Equal(first, await Cases.LoadGuardAsync(account, Ct));
        Assert.Equal(version, (await Cases.LoadAsync(steps[^1].Case.Id, Ct))!.Version);

        var full = SampleCases.FullGuard(account, 2);
        Assert.Equal(StoreWriteResult.Written, await CommitGuard(full, version++));
        Assert.Equal(StoreWriteResult.VersionConflict, await CommitGuard(first with { Version = 2 }, version));
        Assert.Equal(StoreWriteResult.VersionConflict, await CommitGuard(first with { Version = 5 }, version));
        var loaded = await Cases.LoadGuardAsync(account, Ct);
        Assert.Equal(full, loaded);
        Assert.Equal(SampleCases.GuardPayloadMax, loaded!.Payload.Length);

        var cleared = full with { Version = 3, Payload = SampleCases.Guard(account, 3, failures: 0).Payload };
        Assert.Equal(StoreWriteResult.Written, await CommitGuard(cleared, version));
        Assert.Equal(cleared, await Cases.LoadGuardAsync(account, Ct));
        Assert.Null(await Cases.LoadGuardAsync(SampleCases.NewAccountId(), Ct));
    }

    /// <summary>
    /// Of many parallel commits that each create the guard of one account (on cases of other accounts, so the case
    /// versions never clash), exactly one wins; the same for updates on one guard version.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_guard_commits_on_one_version_let_exactly_one_win()
    {
        var account = SampleCases.NewAccountId();
        var cases = new List<StoredCase>();
        for (var i = 0; i < Parallelism; i++)
        {
            cases.Add(await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.VerifyingItems), Ct));
        }

        Task<StoreWriteResult> CommitGuard(int i, AccountGuard guard)
        {
            var current = cases[i];
            var next = SampleCases.Vary(current, c => c with { Version = current.Version + 1 });
            return Cases.CommitAsync(SampleCases.Commit(next, current.Version, []) with { Guard = guard }, Ct);
        }

        var creations = await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(i => Task.Run(
            () => CommitGuard(i, SampleCases.Guard(account, 1, failures: i)))));
        Assert.Single(creations, r => r == StoreWriteResult.Written);
        Assert.All(creations, r => Assert.True(r is StoreWriteResult.Written or StoreWriteResult.VersionConflict, r.ToString()));
        var winner = Array.IndexOf(creations, StoreWriteResult.Written);
        for (var i = 0; i < Parallelism; i++)
        {
            // The losers' cases were not touched either: the commit is all or nothing.
            Assert.Equal(i == winner ? cases[i].Version + 1 : cases[i].Version, (await Cases.LoadAsync(cases[i].Id, Ct))!.Version);
            cases[i] = (await Cases.LoadAsync(cases[i].Id, Ct))!;
        }

        var updates = await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(i => Task.Run(
            () => CommitGuard(i, SampleCases.Guard(account, 2, failures: 100 + i)))));
        Assert.Single(updates, r => r == StoreWriteResult.Written);
        var stored = (await Cases.LoadGuardAsync(account, Ct))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(SampleCases.Guard(account, 2, failures: 100 + Array.IndexOf(updates, StoreWriteResult.Written)), stored);
    }

    /// <summary>
    /// An idempotency record is committed with its effect; its key is then taken until it expires, and a commit
    /// refused on the key writes nothing at all (case, events, guard, messages).
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task An_idempotency_key_is_taken_once_until_it_expires_and_a_refused_commit_writes_nothing()
    {
        var account = SampleCases.NewAccountId();
        var steps = SampleCases.Flow(CaseState.VerifyingItems, account);
        var current = await SampleCases.WriteAsync(Cases, steps, Ct);
        var now = SampleCases.Start;
        var key = "case:" + current.Id + ":k-1";
        var record = new IdempotencyRecord(key, "hash-1", """{"error":null,"view":{"state":"VerifyingItems"}}""", now.AddHours(24));
        Assert.Null(await Cases.FindIdempotencyAsync(key, now, Ct));

        CaseCommit Next(StoredCase c, IdempotencyRecord r, DateTimeOffset at) =>
            SampleCases.Commit(SampleCases.Vary(c, x => x with { Version = c.Version + 1 }), c.Version, [Event(c.Id, c.Version + 1, "test.keyed")]) with
            {
                Idempotency = r,
                Guard = AccountGuard.New(account) with { Version = c.Version + 1 - steps[^1].Case.Version },
                Messages = [Message(c.Id, at)],
                CommittedAt = at,
            };

        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(Next(current, record, now), Ct));
        Assert.Equal(record, await Cases.FindIdempotencyAsync(key, now.AddMinutes(1), Ct));
        current = (await Cases.LoadAsync(current.Id, Ct))!;
        var events = await Cases.ReadEventsAsync(current.Id, Ct);
        var guard = await Cases.LoadGuardAsync(account, Ct);
        var messages = await Cases.ClaimMessagesAsync(Guid.NewGuid(), now.AddYears(1), now.AddYears(1), 1000, Ct);

        var taken = await Cases.CommitAsync(Next(current, record with { RequestHash = "hash-2" }, now.AddMinutes(2)), Ct);
        Assert.Equal(StoreWriteResult.IdempotencyKeyTaken, taken);
        AssertSameCase(current, await Cases.LoadAsync(current.Id, Ct));
        Assert.Equal(events.Count, (await Cases.ReadEventsAsync(current.Id, Ct)).Count);
        Assert.Equal(guard, await Cases.LoadGuardAsync(account, Ct));
        Assert.Empty(await Cases.ClaimMessagesAsync(Guid.NewGuid(), now.AddMonths(6), now.AddMonths(6), 1000, Ct)); // the first message is still leased; a refused commit added none
        Assert.Single(messages);

        // Expired: absent to readers, and a new commit takes the key over.
        var later = now.AddHours(24);
        Assert.Null(await Cases.FindIdempotencyAsync(key, later, Ct));
        var renewed = new IdempotencyRecord(key, "hash-3", "{}", later.AddHours(24).ToOffset(TimeSpan.FromHours(-5)));
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(Next(current, renewed, later), Ct));
        var found = await Cases.FindIdempotencyAsync(key, later.AddMinutes(1), Ct);
        Assert.Equal(renewed.RequestHash, found!.RequestHash);
        Assert.Equal(renewed.ExpiresAt.UtcTicks, found.ExpiresAt.UtcTicks);
    }

    /// <summary>Of many parallel commits carrying one idempotency key (on different cases), exactly one is written.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_commits_of_one_idempotency_key_let_exactly_one_win()
    {
        var now = SampleCases.Start;
        var key = "open:" + Guid.NewGuid().ToString("N");
        var candidates = Enumerable.Range(0, Parallelism).Select(_ => SampleCases.Flow(CaseState.SelectingItems)[0]).ToList();
        var results = await Task.WhenAll(candidates.Select((c, i) => Task.Run(() => Cases.CommitAsync(
            SampleCases.Commit(c.Case, 0, c.Events) with { Idempotency = new IdempotencyRecord(key, $"hash-{i}", "{}", now.AddHours(1)), CommittedAt = now }, Ct))));

        Assert.Single(results, r => r == StoreWriteResult.Written);
        Assert.All(results, r => Assert.True(r is StoreWriteResult.Written or StoreWriteResult.IdempotencyKeyTaken, r.ToString()));
        var winner = Array.IndexOf(results, StoreWriteResult.Written);
        Assert.Equal($"hash-{winner}", (await Cases.FindIdempotencyAsync(key, now, Ct))!.RequestHash);
        for (var i = 0; i < candidates.Count; i++)
        {
            Assert.Equal(i == winner, await Cases.LoadAsync(candidates[i].Case.Id, Ct) is not null);
        }
    }

    /// <summary>
    /// Outbox messages are claimed when due, earliest first, with one more attempt and the lease as their due time;
    /// only the claim that holds a message completes or retries it; a commit settles messages.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Outbox_messages_are_claimed_when_due_and_completed_or_retried_by_their_claim_only()
    {
        var current = await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.VerifyingItems), Ct);
        var now = SampleCases.Start;
        var early = Message(current.Id, now.AddSeconds(-5));
        var late = Message(current.Id, now.AddSeconds(30));
        var third = Message(current.Id, now);
        var next = SampleCases.Vary(current, c => c with { Version = current.Version + 1 });
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(next, current.Version, []) with { Messages = [late, third, early] }, Ct));

        var claim = Guid.NewGuid();
        var lease = now.AddMinutes(2);
        var claimed = await Cases.ClaimMessagesAsync(claim, now, lease, 10, Ct);
        Assert.Equal([early.Id, third.Id], claimed.Select(m => m.Id));
        Assert.All(claimed, m => Assert.Equal(1, m.Attempts));
        Assert.All(claimed, m => Assert.Equal(lease.UtcTicks, m.DueAt.UtcTicks));
        Assert.Equal(early.Payload.ToArray(), claimed[0].Payload.ToArray());
        Assert.Equal(current.Id, claimed[0].CaseId);

        // Held by the lease: nobody else gets them, and only the holder settles them.
        Assert.Empty(await Cases.ClaimMessagesAsync(Guid.NewGuid(), now.AddSeconds(10), now.AddMinutes(3), 10, Ct));
        Assert.False(await Cases.CompleteMessageAsync(early.Id, Guid.NewGuid(), Ct));
        Assert.False(await Cases.RetryMessageAsync(early.Id, Guid.NewGuid(), now, Ct));
        Assert.True(await Cases.CompleteMessageAsync(early.Id, claim, Ct));
        Assert.False(await Cases.CompleteMessageAsync(early.Id, claim, Ct));
        Assert.True(await Cases.RetryMessageAsync(third.Id, claim, now.AddSeconds(20), Ct));
        Assert.False(await Cases.CompleteMessageAsync(third.Id, claim, Ct));

        // Due again: the retried one at its retry time, the late one at its own; attempts count every claim.
        var second = Guid.NewGuid();
        var again = await Cases.ClaimMessagesAsync(second, now.AddSeconds(30), now.AddMinutes(5), 10, Ct);
        Assert.Equal([third.Id, late.Id], again.Select(m => m.Id));
        Assert.Equal([2, 1], again.Select(m => m.Attempts));

        // A lease that ran out (a crashed dispatcher) gives the message to the next claim, and the old claim loses it.
        var third2 = Guid.NewGuid();
        var reclaimed = await Cases.ClaimMessagesAsync(third2, now.AddMinutes(6), now.AddMinutes(8), 1, Ct);
        Assert.Equal([third.Id], reclaimed.Select(m => m.Id));
        Assert.Equal(3, reclaimed[0].Attempts);
        Assert.False(await Cases.CompleteMessageAsync(third.Id, second, Ct));

        // A commit settles a message whoever holds it.
        var settled = SampleCases.Vary(next, c => c with { Version = next.Version + 1 });
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(settled, next.Version, []) with { Settled = [third.Id, late.Id] }, Ct));
        Assert.False(await Cases.CompleteMessageAsync(third.Id, third2, Ct));
        Assert.Empty(await Cases.ClaimMessagesAsync(Guid.NewGuid(), now.AddYears(1), now.AddYears(1), 10, Ct));
    }

    /// <summary>
    /// Every stored case, whatever its state, is listed by id (<see cref="Guid.CompareTo(Guid)"/> order), and paging
    /// after the last id of each page visits each case exactly once.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Every_case_is_listed_once_by_id_page_after_page()
    {
        var written = new List<CaseId>();
        foreach (var state in SampleCases.AllStates)
        {
            written.Add((await SampleCases.WriteAsync(Cases, SampleCases.Flow(state), Ct)).Id);
        }

        var seen = new List<CaseId>();
        CaseId? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Cases.ListCasesAsync(after, 4, Ct);
            Assert.True(page.Count <= 4);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(c => c.Id));
            after = page[^1].Id;
        }

        Assert.Equal(written.OrderBy(id => id.Value), seen);
        var first = (await Cases.ListCasesAsync(null, 1, Ct)).Single();
        AssertSameCase(first, await Cases.LoadAsync(first.Id, Ct));
        Assert.Empty(await Cases.ListCasesAsync(seen[^1], 10, Ct));
    }

    /// <summary>
    /// The pending messages of some cases are listed as stored (due time, attempts, payload), claimed or not; a commit
    /// that settles a message and adds one with the same id replaces it.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task A_cases_pending_messages_are_listed_and_a_commit_may_replace_one_under_its_id()
    {
        var current = await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.VerifyingItems), Ct);
        var other = await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.VerifyingItems, SampleCases.NewAccountId()), Ct);
        var now = SampleCases.Start;
        var mine = new[] { Message(current.Id, now.AddSeconds(-1)), Message(current.Id, now.AddSeconds(10)) };
        var theirs = Message(other.Id, now);
        var next = SampleCases.Vary(current, c => c with { Version = current.Version + 1 });
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(next, current.Version, []) with { Messages = mine }, Ct));
        var otherNext = SampleCases.Vary(other, c => c with { Version = other.Version + 1 });
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(otherNext, other.Version, []) with { Messages = [theirs] }, Ct));
        var claimed = Assert.Single(await Cases.ClaimMessagesAsync(Guid.NewGuid(), now, now.AddMinutes(2), 1, Ct));
        Assert.Equal(mine[0].Id, claimed.Id);

        var listed = await Cases.ListMessagesAsync([current.Id], Ct);
        Assert.Equal(mine.Select(m => m.Id).Order(), listed.Select(m => m.Id));
        Assert.Equal((1, now.AddMinutes(2).UtcTicks), (listed[0].Attempts, listed[0].DueAt.UtcTicks)); // as the claim left it
        Assert.Equal(mine[1].Payload.ToArray(), listed[1].Payload.ToArray());
        Assert.Equal(3, (await Cases.ListMessagesAsync([current.Id, other.Id], Ct)).Count);
        Assert.Empty(await Cases.ListMessagesAsync([CaseId.New()], Ct));
        Assert.Empty(await Cases.ListMessagesAsync([], Ct));

        var replacement = mine[1] with { Payload = System.Security.Cryptography.RandomNumberGenerator.GetBytes(48) };
        var last = SampleCases.Vary(next, c => c with { Version = next.Version + 1 });
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(last, next.Version, []) with { Messages = [replacement], Settled = [replacement.Id] }, Ct));
        var replaced = (await Cases.ListMessagesAsync([current.Id], Ct)).Single(m => m.Id == replacement.Id);
        Assert.Equal(replacement.Payload.ToArray(), replaced.Payload.ToArray());
        Assert.Equal(replacement.DueAt.UtcTicks, replaced.DueAt.UtcTicks);
        Assert.Equal(2, (await Cases.ListMessagesAsync([current.Id], Ct)).Count);
    }

    /// <summary>Parallel claims over many due messages hand every message to exactly one claim.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Parallel_claims_hand_every_message_to_exactly_one_claim()
    {
        const int Count = 120;
        var current = await SampleCases.WriteAsync(Cases, SampleCases.Flow(CaseState.VerifyingItems), Ct);
        var now = SampleCases.Start;
        var messages = Enumerable.Range(0, Count).Select(i => Message(current.Id, now.AddMilliseconds(-i))).ToList();
        var next = SampleCases.Vary(current, c => c with { Version = current.Version + 1 });
        Assert.Equal(StoreWriteResult.Written, await Cases.CommitAsync(SampleCases.Commit(next, current.Version, []) with { Messages = messages }, Ct));

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await Cases.ClaimMessagesAsync(Guid.NewGuid(), now, now.AddMinutes(5), 7, Ct);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(m => m.Id));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(Count, all.Count);
        Assert.Equal(messages.Select(m => m.Id).Order(), all.Order());
    }

    /// <summary>An audit event for the commit tests.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="version">The version it records.</param>
    /// <param name="type">Its type.</param>
    /// <returns>The event.</returns>
    protected static CaseEvent Event(CaseId caseId, long version, string type) => new(caseId, version, type, SampleCases.Start, Actor.System, null);

    /// <summary>An outbox message due at a time, with a random payload.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="dueAt">When it is due.</param>
    /// <returns>The message.</returns>
    protected static OutboxMessage Message(CaseId caseId, DateTimeOffset dueAt) =>
        new(Guid.CreateVersion7(dueAt), caseId, dueAt, 0, System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>
    /// Asserts a store gave back what it was given: the same columns (times compared as instants, so a store may
    /// normalise offsets) and the same payload, byte for byte.
    /// </summary>
    /// <param name="expected">The case written.</param>
    /// <param name="actual">The case read back.</param>
    protected static void AssertSameCase(StoredCase expected, StoredCase? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.AccountId, actual.AccountId);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.ExpiresAt.UtcTicks, actual.ExpiresAt.UtcTicks);
        Assert.Equal(expected.SubmittedAt?.UtcTicks, actual.SubmittedAt?.UtcTicks);
        Assert.Equal(expected.DecidedAt?.UtcTicks, actual.DecidedAt?.UtcTicks);
        Assert.Equal(expected.PurgeAfter?.UtcTicks, actual.PurgeAfter?.UtcTicks);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected, actual);
    }
}
