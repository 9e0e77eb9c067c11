using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Storage;

/// <summary>
/// The MAC over a stored snapshot, checked on every load from bytes: an edited, transplanted, replayed, unsealed or
/// foreign-key payload is quarantined, and a payload sealed under a previous key still reads.
/// </summary>
public sealed class SnapshotSealTests
{
    private static readonly string OtherSecret = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(255 - (i * 7)))]);

    private static readonly SecretKeyring Keys = new(TestSecrets.SecretKey);

    private static CaseStore Cases(InMemory.InMemoryResetCaseStore store, SecretKeyring keys, List<string>? skipped = null) =>
        new(store, new SnapshotSeal(keys), (_, reason) => skipped?.Add(reason));

    /// <summary>The same case on another account, with an id of its own.</summary>
    private static ResetCase Elsewhere(ResetCase c) => c with { Id = CaseId.New(), Account = c.Account with { AccountId = "another-account" } };

    /// <summary>The bytes a database would hand back for a record the service wrote.</summary>
    private static StoredCase Copied(StoredCase stored) => stored with { Payload = stored.Payload.ToArray() };

    private static async Task<StoredCase> SavedAsync(InMemory.InMemoryResetCaseStore store, StoredCase stored)
    {
        Assert.Equal(StoreWriteResult.Written, await store.CommitAsync(new CaseCommit(stored, 0, [], null, null, [], [], stored.ExpiresAt), CancellationToken.None));
        return stored;
    }

    [Fact]
    public async Task A_sealed_payload_read_back_as_bytes_loads_as_the_snapshot_it_was_written_from()
    {
        var store = new InMemory.InMemoryResetCaseStore();
        var snapshot = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        await SavedAsync(store, Copied(Cases(store, Keys).ToStored(snapshot)));

        var loaded = await Cases(store, Keys).LoadAsync(snapshot.Id, CancellationToken.None);

        Assert.Equal(CaseSnapshotSerializer.Serialize(snapshot), CaseSnapshotSerializer.Serialize(loaded!));
    }

    [Fact]
    public async Task Every_flipped_byte_of_a_sealed_payload_quarantines_the_case()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var bytes = Cases(new(), Keys).ToStored(snapshot).Payload.ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            var store = new InMemory.InMemoryResetCaseStore();
            var edited = (byte[])bytes.Clone();
            edited[i] ^= 0x01;
            await SavedAsync(store, CaseSnapshotSerializer.ToStored(snapshot, edited));

            await Assert.ThrowsAsync<QuarantinedCaseException>(async () => await Cases(store, Keys).LoadAsync(snapshot.Id, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_payload_sealed_for_another_case_or_an_older_version_of_the_same_case_is_quarantined()
    {
        var older = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var newer = older with { Version = older.Version + 1, State = CaseState.UnderReview };
        var other = Elsewhere(new CaseHarness().DriveTo(CaseState.UnderReview).Case);
        var writer = Cases(new(), Keys);

        // The other case's sealed payload under this case's columns, and this case's older payload under its newer columns.
        foreach (var (columns, payload) in new[] { (newer, writer.ToStored(other).Payload.ToArray()), (newer, writer.ToStored(older).Payload.ToArray()) })
        {
            var store = new InMemory.InMemoryResetCaseStore();
            await SavedAsync(store, CaseSnapshotSerializer.ToStored(columns, payload));

            var refused = await Assert.ThrowsAsync<QuarantinedCaseException>(async () => await Cases(store, Keys).LoadAsync(columns.Id, CancellationToken.None));
            Assert.Equal("its columns do not match its snapshot", refused.Reason);
        }
    }

    [Fact]
    public async Task An_unsealed_payload_is_quarantined_so_an_edit_cannot_drop_the_mac()
    {
        var store = new InMemory.InMemoryResetCaseStore();
        var snapshot = new CaseHarness().DriveTo(CaseState.Approved).Case;
        await SavedAsync(store, CaseSnapshotSerializer.ToStored(snapshot));

        var refused = await Assert.ThrowsAsync<QuarantinedCaseException>(async () => await Cases(store, Keys).LoadAsync(snapshot.Id, CancellationToken.None));
        Assert.Contains("no MAC", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_sealed_under_a_previous_secret_still_loads_and_one_under_an_unknown_secret_is_quarantined()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var store = new InMemory.InMemoryResetCaseStore();
        await SavedAsync(store, Copied(Cases(store, new SecretKeyring(OtherSecret)).ToStored(snapshot)));

        var rotated = new SecretKeyring(TestSecrets.SecretKey, [OtherSecret]);
        Assert.NotNull(await Cases(store, rotated).LoadAsync(snapshot.Id, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<QuarantinedCaseException>(async () => await Cases(store, Keys).LoadAsync(snapshot.Id, CancellationToken.None));
        Assert.Contains("key this deployment does not hold", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_leaves_a_quarantined_record_out_and_reports_it()
    {
        var store = new InMemory.InMemoryResetCaseStore();
        var good = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var bad = Elsewhere(new CaseHarness().DriveTo(CaseState.Submitted).Case);
        var writer = Cases(store, Keys);
        await SavedAsync(store, Copied(writer.ToStored(good)));
        var corrupt = writer.ToStored(bad).Payload.ToArray();
        corrupt[^1] ^= 0xFF;
        await SavedAsync(store, CaseSnapshotSerializer.ToStored(bad, corrupt));
        var skipped = new List<string>();

        var (cases, last, read) = await Cases(store, Keys, skipped).ListReviewQueueAsync(null, 10, CancellationToken.None);

        Assert.Equal([good.Id], cases.Select(c => c.Id));
        Assert.Equal(2, read);
        Assert.NotNull(last);
        Assert.Equal(["its snapshot's MAC does not verify"], skipped);
    }
}
