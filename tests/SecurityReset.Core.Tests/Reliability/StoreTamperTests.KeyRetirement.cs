using SecurityReset.Ports;
using SecurityReset.Trail;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Retiring a secret key: after a rotation, <see cref="SecurityResetService.ResealAsync"/> seals again under the new
/// key what stored cases still need the old one for, so the old key can be removed; and the checkpoint it writes keeps
/// the old events verifiable without letting an insider edit them.
/// </summary>
public abstract partial class StoreTamperTests
{
    private static readonly string NewSecret = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)((i * 37) + 11))]);

    [Fact]
    public async Task A_reseal_after_a_rotation_lets_the_old_key_be_removed_with_every_case_verifiable_continuable_and_resettable()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            // Under the old key: a completed case later purged, a completed case, an approved one whose reset waits in
            // the outbox, and an open one with a sealed new contact.
            var first = Keyed(stores, World.Start);
            var purged = await CompletedAsync(first);
            first.Clock.Advance(first.Options.Lifetimes.PersonalDataAfterDecision + TimeSpan.FromDays(1));
            Assert.Equal(1, (await first.Service.PurgeAsync(1, Ct)).Purged);
            var second = Keyed(stores, first.Clock.GetUtcNow());
            var completed = await CompletedAsync(second);
            var third = Keyed(stores, second.Clock.GetUtcNow());
            var approved = await SubmittedAsync(third);
            Assert.True((await third.Service.ClaimAsync(approved, "reviewer-a", cancellationToken: Ct)).Succeeded);
            Assert.True((await third.Service.ApproveAsync(approved, "reviewer-a", cancellationToken: Ct)).Succeeded);
            third.Deliver(); // the notices; the reset waits for its dispute window
            Assert.Equal(CaseState.Approved, (await third.Store.LoadCaseAsync(approved, Ct))!.State);
            var open = await WithNewContactAsync(third, Accounts.BobId, Accounts.NewEmailB);

            // The rotation: the new key current, the old one previous. The applicant goes on, and gets a credential under the new key.
            var rotated = Keyed(stores, third.Clock.GetUtcNow(), NewSecret, World.SecretKey);
            Assert.True((await rotated.Service.RequestCodeAsync(open, VerificationTarget.NewContact, cancellationToken: Ct)).Succeeded);
            var verified = await rotated.Service.VerifyCodeAsync(open, VerificationTarget.NewContact, rotated.LastCodeTo(open, Accounts.NewEmailB)!, cancellationToken: Ct);
            Assert.True(verified.Succeeded, verified.ErrorCode);

            var pass = await ResealPassAsync(rotated, 2);
            Assert.Equal((4, 4, 0, 0), (pass.Scanned, pass.Resealed, pass.Quarantined, pass.Left));
            Assert.Equal(3, pass.Batches); // two full pages, then the empty one that ends the pass
            Assert.True(pass.MessagesResealed >= 1); // the reset waiting in the outbox
            var again = await ResealPassAsync(rotated, 2);
            Assert.Equal((4, 0, 0, 0), (again.Scanned, again.Resealed, again.Quarantined, again.Left));

            // The restart with the new key only.
            var retired = Keyed(stores, rotated.Clock.GetUtcNow(), NewSecret);
            foreach (var id in new[] { purged, completed, approved, open })
            {
                var trail = (await retired.Service.VerifyTrailAsync(id, Ct)).View!;
                Assert.True(trail.Holds, trail.Problem);
                Assert.InRange(trail.Checkpointed, 1, trail.Events - 1); // the old events on the checkpoint's word, the later ones on their seals
                var events = await retired.Store.ReadEventsAsync(id, Ct);
                var checkpoint = Assert.Single(events, e => e.Type == CaseEventTypes.Resealed);
                Assert.StartsWith("retired=k", checkpoint.Detail, StringComparison.Ordinal);
                Assert.Equal(Actor.System, checkpoint.Actor);
            }

            // The open case goes on with the credential issued under the new key; its new contact opens under it.
            Assert.True((await retired.Service.GetCaseAsync(open, Ct)).Succeeded);
            Assert.Equal(Accounts.NewEmailB, (await retired.Service.ExportCaseAsync(open, Ct)).View!.NewContact);

            // A credential issued under the removed key holds nothing any more; the owner gets in by opening signed in.
            Assert.Equal(ErrorCodes.CredentialInvalid, (await retired.Service.GetCaseAsync(approved, Ct)).ErrorCode);

            // The approved reset applies: its outbox message and the sealed new contact open under the new key.
            retired.Clock.Advance(retired.Options.Lifetimes.DisputeWindow + TimeSpan.FromMinutes(1));
            retired.Deliver();
            Assert.Equal(CaseState.Completed, (await retired.Store.LoadCaseAsync(approved, Ct))!.State);
            Assert.Equal(Accounts.NewEmailA, retired.Directory.Find(Accounts.AliceId)!.Email);
            Assert.True((await retired.Service.VerifyTrailAsync(approved, Ct)).View!.Holds);

            var reopened = await retired.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.BobId, Channel.Web), cancellationToken: Ct);
            Assert.True(reopened.Succeeded, reopened.ErrorCode);
            Assert.Equal(CaseState.Superseded, (await retired.Store.LoadCaseAsync(open, Ct))!.State);

            var last = await ResealPassAsync(retired, 10);
            Assert.Equal((0, 0, 0), (last.Resealed, last.Quarantined, last.Left));
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task After_the_old_key_is_removed_an_old_event_edited_removed_or_swapped_or_a_forged_checkpoint_breaks_the_trail()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var old = Keyed(stores, World.Start);
            var id = await SubmittedAsync(old);
            var rotated = Keyed(stores, old.Clock.GetUtcNow(), NewSecret, World.SecretKey);
            Assert.Equal(1, (await ResealPassAsync(rotated, 10)).Resealed);
            Assert.True((await rotated.Service.ClaimAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded); // an event after the checkpoint

            EditedTrailStore? edited = null;
            var retired = new World(o => o.SecretKey = NewSecret, stores, new PortWrappers(Store: inner => edited = new EditedTrailStore(inner)));
            retired.Clock.SetUtcNow(rotated.Clock.GetUtcNow());
            var stored = await retired.Store.ReadEventsAsync(id, Ct);
            var at = stored.ToList().FindIndex(e => e.Type == CaseEventTypes.Resealed);
            Assert.True(at > 3);
            Assert.True((await retired.Service.VerifyTrailAsync(id, Ct)).View!.Holds); // as stored, it holds

            // An insider's edits of the events sealed under the removed key, before the checkpoint.
            var attacks = new (string Name, Func<IReadOnlyList<CaseEvent>, IReadOnlyList<CaseEvent>> Edit)[]
            {
                ("detail edited", e => Replace(e, 1, e[1] with { Detail = "edited" })),
                ("time edited", e => Replace(e, 2, e[2] with { OccurredAt = e[2].OccurredAt.AddMinutes(-5) })),
                ("removed", e => [.. e.Where((_, i) => i != 2)]),
                ("swapped", e => Replace(Replace(e, 1, e[2]), 2, e[1])),
                ("inserted", e => [.. e.Take(2), e[1], .. e.Skip(2)]),
                ("seal renamed", e => Replace(e, 1, e[1] with { Seal = "k1" + e[1].Seal![e[1].Seal!.IndexOf(':', StringComparison.Ordinal)..] })),

                // The digest is public arithmetic, the checkpoint's seal is not: a checkpoint rewritten for the edited events does not verify.
                ("checkpoint forged", e =>
                {
                    var changed = Replace(e, 1, e[1] with { Detail = "edited" });
                    var forged = TrailSealer.Checkpoint(id, e[at].Version, e[at].OccurredAt, [.. changed.Take(at)], ["k00000000"]) with { Seal = e[at].Seal };
                    return Replace(changed, at, forged);
                }),
                ("checkpoint digest changed", e => Replace(e, at, e[at] with { Detail = e[at].Detail![..^8] + "AAAAAAA=" })),
            };
            foreach (var (name, edit) in attacks)
            {
                edited!.Edit = edit;
                var verification = (await retired.Service.VerifyTrailAsync(id, Ct)).View!;
                Assert.False(verification.Holds, name);
                Assert.NotNull(verification.BrokenAt);
            }

            // The reset of such a case is never applied either.
            edited!.Edit = e => Replace(e, 1, e[1] with { Detail = "edited" });
            Assert.True((await retired.Service.ApproveAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
            retired.Deliver();
            Assert.Empty(retired.Directory.AppliedResets);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task A_reseal_counts_a_quarantined_case_and_leaves_its_bytes_as_found()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var old = Keyed(stores, World.Start);
            var good = await SubmittedAsync(old);
            var bad = await WithNewContactAsync(old, Accounts.BobId, Accounts.NewEmailB);
            await EditAsync(old, bad, c => c with { NewContactVerified = true });
            var before = (await old.RawStore.LoadAsync(bad, Ct))!;

            var rotated = Keyed(stores, old.Clock.GetUtcNow(), NewSecret, World.SecretKey);
            var pass = await ResealPassAsync(rotated, 10);

            Assert.Equal((2, 1, 1, 0), (pass.Scanned, pass.Resealed, pass.Quarantined, pass.Left));
            var after = (await rotated.RawStore.LoadAsync(bad, Ct))!;
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(before.Payload.ToArray(), after.Payload.ToArray());
            Assert.DoesNotContain(await rotated.Store.ReadEventsAsync(bad, Ct), e => e.Type == CaseEventTypes.Resealed);
            Assert.Contains(await rotated.Store.ReadEventsAsync(good, Ct), e => e.Type == CaseEventTypes.Resealed);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    [Fact]
    public async Task A_case_that_changes_during_the_reseal_is_read_again_and_ends_sealed_under_the_new_key()
    {
        var stores = await CreateStoresAsync(Ct);
        try
        {
            var old = Keyed(stores, World.Start);
            var id = await SubmittedAsync(old);

            // A process still on the old key writes to the case just before the reseal commits.
            InterferingStore? interfering = null;
            var rotated = new World(o => { o.SecretKey = NewSecret; o.PreviousSecretKeys.Add(World.SecretKey); }, stores, new PortWrappers(Store: inner => interfering = new InterferingStore(inner)));
            rotated.Clock.SetUtcNow(old.Clock.GetUtcNow());
            interfering!.Before = async () => Assert.True((await old.Service.GetCaseForReviewAsync(id, "reviewer-b", Ct)).Succeeded);

            var pass = await ResealPassAsync(rotated, 10);

            Assert.Equal(1, interfering.Conflicts);
            Assert.Equal((1, 1, 0, 0), (pass.Scanned, pass.Resealed, pass.Quarantined, pass.Left));
            var events = await rotated.Store.ReadEventsAsync(id, Ct);
            Assert.Equal([CaseEventTypes.ReviewerViewed, CaseEventTypes.Resealed], events.TakeLast(2).Select(e => e.Type));
            var retired = Keyed(stores, rotated.Clock.GetUtcNow(), NewSecret);
            var trail = (await retired.Service.VerifyTrailAsync(id, Ct)).View!;
            Assert.True(trail.Holds, trail.Problem);
            Assert.Equal(events.Count - 1, trail.Checkpointed);
            Assert.Equal(0, (await ResealPassAsync(retired, 10)).Resealed);
        }
        finally
        {
            await DisposeStoresAsync(stores);
        }
    }

    /// <summary>A world on the shared stores under a current key and previous keys, with a dispute window that holds approved resets for an hour.</summary>
    private static World Keyed(StoreSet stores, DateTimeOffset now, string? current = null, params string[] previous)
    {
        var w = new World(
            o =>
            {
                o.SecretKey = current ?? World.SecretKey;
                foreach (var key in previous)
                {
                    o.PreviousSecretKeys.Add(key);
                }

                o.Lifetimes.DisputeWindow = TimeSpan.FromHours(1);
            },
            stores);
        w.Clock.SetUtcNow(now);
        return w;
    }

    /// <summary>Alice's case, submitted, approved and its reset applied.</summary>
    private static async Task<CaseId> CompletedAsync(World w)
    {
        var id = await SubmittedAsync(w);
        Assert.True((await w.Service.ClaimAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ApproveAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
        w.Clock.Advance(w.Options.Lifetimes.DisputeWindow + TimeSpan.FromMinutes(1));
        w.Deliver();
        Assert.Equal(CaseState.Completed, (await w.Store.LoadCaseAsync(id, Ct))!.State);
        return id;
    }

    /// <summary>Runs a reseal pass batch by batch, as a host does after a rotation, and adds up what the batches did.</summary>
    private static async Task<ResealTotals> ResealPassAsync(World w, int batchSize)
    {
        var totals = new ResealTotals();
        CaseId? next = null;
        do
        {
            var batch = await w.Service.ResealAsync(next, batchSize, Ct);
            Assert.True(batch.Scanned <= batchSize);
            totals = totals with
            {
                Batches = totals.Batches + 1,
                Scanned = totals.Scanned + batch.Scanned,
                Resealed = totals.Resealed + batch.Resealed,
                MessagesResealed = totals.MessagesResealed + batch.MessagesResealed,
                Quarantined = totals.Quarantined + batch.Quarantined,
                Left = totals.Left + batch.Left,
            };
            next = batch.Next;
        }
        while (next is not null && totals.Batches < 1000);

        return totals;
    }

    private static IReadOnlyList<CaseEvent> Replace(IReadOnlyList<CaseEvent> events, int at, CaseEvent with) =>
        [.. events.Select((e, i) => i == at ? with : e)];

    private sealed record ResealTotals(int Batches = 0, int Scanned = 0, int Resealed = 0, int MessagesResealed = 0, int Quarantined = 0, int Left = 0);

    /// <summary>Reads a case's events through an edit, as an insider with write access to the events table would leave them.</summary>
    private sealed class EditedTrailStore(IResetCaseStore inner) : DelegatingStore(inner)
    {
        public Func<IReadOnlyList<CaseEvent>, IReadOnlyList<CaseEvent>>? Edit { get; set; }

        public override async Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken)
        {
            var events = await Inner.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false);
            return Edit is { } edit ? edit(events) : events;
        }
    }

    /// <summary>Runs another writer's change once, just before the first reseal commit, and counts the conflicts it causes.</summary>
    private sealed class InterferingStore(IResetCaseStore inner) : DelegatingStore(inner)
    {
        public Func<Task>? Before { get; set; }

        public int Conflicts { get; private set; }

        public override async Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
        {
            if (Before is { } before && commit.Events.Any(e => e.Type == CaseEventTypes.Resealed))
            {
                Before = null;
                await before();
            }

            var written = await Inner.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            Conflicts += written == StoreWriteResult.VersionConflict ? 1 : 0;
            return written;
        }
    }
}
