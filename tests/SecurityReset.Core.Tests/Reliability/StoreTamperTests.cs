using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// What an insider with write access to the store can do to a case, written once for every store: a store adapter's
/// test project derives from this class (the in-memory stores in <c>InMemoryStoreTamperTests</c>; SQLite and PostgreSQL
/// in the EF Core store's tests). Each edit goes through the store as a database edit would, outside the workflow.
/// </summary>
public abstract partial class StoreTamperTests
{
    /// <summary>Fresh, empty stores for one test.</summary>
    protected abstract ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken);

    /// <summary>Releases what <see cref="CreateStoresAsync"/> made.</summary>
    protected virtual ValueTask DisposeStoresAsync(StoreSet stores) => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_contact_sealed_for_another_accounts_case_and_copied_into_the_victims_never_reaches_the_directory()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var w = new World(stores: stores);
            var attacker = await WithNewContactAsync(w, Accounts.BobId, Accounts.NewEmailB);
            var victim = await SubmittedAsync(w);
            Assert.True((await w.Service.ClaimAsync(victim, "reviewer-a", cancellationToken: Ct)).Succeeded);

            // The insider copies the attacker's sealed address into the victim's case, as verified.
            var foreign = (await w.Store.LoadCaseAsync(attacker, Ct))!.NewContact!;
            await EditAsync(w, victim, c => c with { NewContact = foreign, NewContactVerified = true });
            var edited = (await w.Store.LoadCaseAsync(victim, Ct))!;

            var approval = await w.Service.ApproveAsync(victim, "reviewer-a", cancellationToken: Ct);
            await w.Service.DispatchAsync(cancellationToken: Ct);

            Assert.Equal(ErrorCodes.CaseQuarantined, approval.ErrorCode);
            Assert.Equal(ErrorKind.Quarantined, approval.Error!.Kind);
            Assert.Equal(edited.Version, (await w.Store.LoadCaseAsync(victim, Ct))!.Version); // left as found
            Assert.Empty(w.Directory.AppliedResets);
            Assert.Equal(Accounts.AliceEmail, w.Directory.Find(Accounts.AliceId)!.Email);
            Assert.DoesNotContain(w.Received.Codes, c => c.Address == Accounts.NewEmailB && c.CaseId == victim);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task A_case_set_to_approved_in_the_store_never_has_its_reset_applied()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var w = new World(stores: stores);
            var victim = await SubmittedAsync(w);
            Assert.True((await w.Service.ClaimAsync(victim, "reviewer-a", cancellationToken: Ct)).Succeeded);

            // No reviewer approved: the insider sets the state (and the decision time) by hand.
            await EditAsync(w, victim, c => c with { State = CaseState.Approved, DecidedAt = w.Clock.GetUtcNow() });

            Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
            await w.Service.DispatchAsync(cancellationToken: Ct);

            Assert.Empty(w.Directory.AppliedResets);
            Assert.Equal(CaseState.Approved, (await w.Store.LoadCaseAsync(victim, Ct))!.State); // quarantined, not completed
            Assert.DoesNotContain(await w.Store.ReadEventsAsync(victim, Ct), e => e.Type is CaseEventTypes.ResetStarted or CaseEventTypes.Completed);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task An_approved_case_whose_selected_items_were_widened_in_the_store_never_has_its_reset_applied()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var w = new World(stores: stores);
            var victim = await SubmittedAsync(w); // the phone and the authenticator were selected
            Assert.True((await w.Service.ClaimAsync(victim, "reviewer-a", cancellationToken: Ct)).Succeeded);
            Assert.True((await w.Service.ApproveAsync(victim, "reviewer-a", cancellationToken: Ct)).Succeeded);

            // After the approval, the insider widens the reset to every item (the email too).
            await EditAsync(w, victim, c => c with { SelectedItems = SecurityItems.All });

            Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
            await w.Service.DispatchAsync(cancellationToken: Ct);

            Assert.Empty(w.Directory.AppliedResets);
            Assert.Equal(Accounts.AliceEmail, w.Directory.Find(Accounts.AliceId)!.Email);
            Assert.Equal(CaseState.Approved, (await w.Store.LoadCaseAsync(victim, Ct))!.State);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task A_snapshot_row_set_to_garbage_is_quarantined_without_stopping_the_review_queue_or_the_owners_recovery()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var w = new World(stores: stores);
            var broken = await SubmittedAsync(w);

            // The insider overwrites Alice's snapshot with bytes that are no snapshot at all.
            var row = (await w.Store.LoadAsync(broken, Ct))!;
            var written = await w.Store.CommitAsync(new CaseCommit(row with { Version = row.Version + 1, Payload = "{not json"u8.ToArray() }, row.Version, [], null, null, [], [], w.Clock.GetUtcNow()), Ct);
            Assert.Equal(StoreWriteResult.Written, written);

            // Every read of the case answers a result, never an exception.
            Assert.Equal(ErrorCodes.CaseQuarantined, (await w.Service.GetCaseForReviewAsync(broken, "reviewer-a", Ct)).ErrorCode);
            Assert.Equal(ErrorCodes.CaseQuarantined, (await w.Service.VerifyTrailAsync(broken, Ct)).ErrorCode);
            Assert.Equal(ErrorCodes.CaseQuarantined, (await w.Service.ClaimAsync(broken, "reviewer-a", cancellationToken: Ct)).ErrorCode);

            // The queue leaves it out, and says so (CaseStore's tests show the queue going on past it).
            var queue = (await w.Service.ListReviewQueueAsync(cancellationToken: Ct)).View!;
            Assert.Empty(queue.Cases);
            Assert.Equal(1, queue.Quarantined);
            Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));

            // A signed-out open of Alice's email cannot tell whether she proved a factor there: it ends nothing.
            var signedOut = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
            Assert.True(signedOut.Succeeded, signedOut.ErrorCode);
            Assert.Equal(CaseState.Submitted, (await w.Store.LoadAsync(broken, Ct))!.State);

            // Alice, signed in, is not locked out: the broken case ends by its columns, its bytes kept for an operator.
            var reopened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct);
            Assert.True(reopened.Succeeded, reopened.ErrorCode);
            Assert.NotEqual(broken, reopened.View!.Id);
            var ended = (await w.Store.LoadAsync(broken, Ct))!;
            Assert.Equal(CaseState.Superseded, ended.State);
            Assert.Equal("{not json"u8.ToArray(), ended.Payload.ToArray());
            var last = (await w.Store.ReadEventsAsync(broken, Ct))[^1];
            Assert.Equal((CaseEventTypes.Superseded, "quarantined", row.Version + 2), (last.Type, last.Detail, last.Version));
            Assert.NotNull(last.Seal);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task A_quarantined_case_past_its_lifetime_ends_by_its_columns_and_holds_back_no_other_expiry()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var w = new World(stores: stores);
            var broken = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
            w.Clock.Advance(TimeSpan.FromSeconds(1));
            var other = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.BobId, Channel.Web), cancellationToken: Ct)).View!.Id;
            var row = (await w.Store.LoadAsync(broken, Ct))!;
            var written = await w.Store.CommitAsync(new CaseCommit(row with { Version = row.Version + 1, Payload = "{not json"u8.ToArray() }, row.Version, [], null, null, [], [], w.Clock.GetUtcNow()), Ct);
            Assert.Equal(StoreWriteResult.Written, written);
            w.Clock.Advance(w.Options.Lifetimes.Case + TimeSpan.FromMinutes(1));

            // One row a page: left open, the broken case would fill every page and Bob's case would never expire.
            Assert.Equal(2, await w.Service.ExpireCasesAsync(pageSize: 1, cancellationToken: Ct));

            Assert.Equal(CaseState.Expired, (await w.Store.LoadAsync(other, Ct))!.State);
            var ended = (await w.Store.LoadAsync(broken, Ct))!;
            Assert.Equal((CaseState.Expired, row.Version + 2), (ended.State, ended.Version));
            Assert.Equal("{not json"u8.ToArray(), ended.Payload.ToArray()); // kept for an operator
            var last = (await w.Store.ReadEventsAsync(broken, Ct))[^1];
            Assert.Equal((CaseEventTypes.Expired, "quarantined", row.Version + 2), (last.Type, last.Detail, last.Version));
            Assert.NotNull(last.Seal);
            Assert.Equal(ErrorCodes.CaseQuarantined, (await w.Service.GetCaseForReviewAsync(broken, "reviewer-a", Ct)).ErrorCode);
            Assert.Equal(0, await w.Service.ExpireCasesAsync(pageSize: 1, cancellationToken: Ct));
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task A_rotated_secret_keeps_a_case_made_under_the_old_one_verifiable_continuable_and_resettable_after_a_restart()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var before = new World(stores: stores);
            var id = await SubmittedAsync(before); // the new email sealed, the trail chained and the credential issued under the old secret

            // The restart: a new service over the same store, the new secret current and the old one kept as previous.
            var newSecret = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)((i * 37) + 11))]);
            var after = new World(o => { o.SecretKey = newSecret; o.PreviousSecretKeys.Add(World.SecretKey); }, stores);
            after.Clock.SetUtcNow(before.Clock.GetUtcNow());

            Assert.True((await after.Service.VerifyTrailAsync(id, Ct)).View!.Holds);
            Assert.True((await after.Service.GetCaseAsync(id, Ct)).Succeeded); // the applicant's credential still holds
            Assert.True((await after.Service.ClaimAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
            Assert.True((await after.Service.ApproveAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
            after.Clock.Advance(after.Options.Lifetimes.DisputeWindow + TimeSpan.FromMinutes(1));
            after.Deliver();

            Assert.Equal(CaseState.Completed, (await after.Store.LoadCaseAsync(id, Ct))!.State);
            Assert.Equal(Accounts.NewEmailA, after.Directory.Find(Accounts.AliceId)!.Email); // the old secret's seal opened
            var trail = await after.Store.ReadEventsAsync(id, Ct);
            Assert.True((await after.Service.VerifyTrailAsync(id, Ct)).View!.Holds);
            var oldId = trail[0].Seal![..trail[0].Seal!.IndexOf(':', StringComparison.Ordinal)];
            Assert.NotEqual(oldId, trail[^1].Seal![..trail[^1].Seal!.IndexOf(':', StringComparison.Ordinal)]); // new seals name the new secret

            // Without the old secret the old seals no longer verify: a key is kept as long as its cases are.
            var forgotten = new World(o => o.SecretKey = newSecret, stores);
            var broken = (await forgotten.Service.VerifyTrailAsync(id, Ct)).View!;
            Assert.False(broken.Holds);
            Assert.Equal(0, broken.BrokenAt);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    /// <summary>
    /// Writes a changed snapshot of a case straight to the store, as a database edit would: no workflow, no event, and
    /// no MAC (the insider does not hold the secret key), so the case is quarantined from its next load on.
    /// </summary>
    private static async Task EditAsync(World w, CaseId id, Func<ResetCase, ResetCase> change)
    {
        var current = (await w.Store.LoadCaseAsync(id, Ct))!;
        var changed = change(current) with { Version = current.Version + 1 };
        var written = await w.Store.CommitAsync(new CaseCommit(CaseSnapshotSerializer.ToStored(changed), current.Version, [], null, null, [], [], w.Clock.GetUtcNow()), Ct);
        Assert.Equal(StoreWriteResult.Written, written);
    }

    private static async Task<CaseId> WithNewContactAsync(World w, string accountId, string newEmail)
    {
        var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(accountId, Channel.Web), cancellationToken: Ct)).View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded); // every item Bob has
        Assert.True((await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct)).Succeeded);
        var set = await w.Service.SetNewContactAsync(id, ContactKind.Email, newEmail, cancellationToken: Ct);
        Assert.True(set.Succeeded, set.ErrorCode);
        return id;
    }

    /// <summary>Alice's signed-in case, every step done and submitted, with a verified new email.</summary>
    private static Task<CaseId> SubmittedAsync(World w) => w.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), Ct);
}
