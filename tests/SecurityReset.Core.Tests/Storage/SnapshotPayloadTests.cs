using System.Runtime.InteropServices;
using SecurityReset.Storage;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Storage;

/// <summary>The payload of a record the service wrote: ordinary bytes to a store, and its snapshot to the service.</summary>
public sealed class SnapshotPayloadTests
{
    private static readonly SnapshotSeal Seal = new(new SecretKeyring(TestSecrets.SecretKey));

    private static Ports.StoredCase ToStored(ResetCase snapshot) => new CaseStore(new InMemory.InMemoryResetCaseStore(), Seal, (_, _) => { }).ToStored(snapshot);

    /// <summary>The sealed payload of a snapshot: the MAC header, then the unsealed bytes.</summary>
    private static byte[] Sealed(ResetCase snapshot)
    {
        var body = CaseSnapshotSerializer.Serialize(snapshot);
        var payload = new byte[Seal.Overhead + body.Length];
        body.CopyTo(payload, Seal.Overhead);
        Seal.Seal(payload);
        return payload;
    }
    [Fact]
    public void A_written_payload_holds_the_stored_bytes_and_remembers_its_snapshot()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var stored = ToStored(snapshot);

        Assert.Equal(Sealed(snapshot), stored.Payload.ToArray());
        Assert.Equal(CaseSnapshotSerializer.ToStored(snapshot, Sealed(snapshot)), stored);
        Assert.Same(snapshot, SnapshotPayload.SnapshotOf(stored.Payload));

        // A store may read it as an array segment, or pin it, as it would a byte array.
        Assert.True(MemoryMarshal.TryGetArray(stored.Payload, out var segment));
        Assert.Equal(stored.Payload.ToArray(), segment.ToArray());
        stored.Payload.Pin().Dispose();
    }

    [Fact]
    public async Task Every_reader_of_a_written_payload_gets_the_same_bytes_also_when_the_first_reads_race()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Completed).Case;
        for (var round = 0; round < 20; round++)
        {
            var stored = ToStored(snapshot);
            using var start = new ManualResetEventSlim();
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.Wait();
                return MemoryMarshal.TryGetArray(stored.Payload, out var segment) ? segment.Array! : null;
            })).ToArray();
            start.Set();
            var arrays = await Task.WhenAll(readers);

            Assert.All(arrays, a => Assert.Same(arrays[0], a));
            Assert.Equal(Sealed(snapshot), arrays[0]);
            Assert.True(stored.Payload.Span == arrays[0].AsSpan());
        }
    }

    [Fact]
    public void A_snapshot_whose_text_cannot_be_written_is_refused_when_its_record_is_made()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var broken = snapshot with { ReviewerId = "lone \ud800 surrogate" };

        Assert.ThrowsAny<ArgumentException>(() => ToStored(broken));
    }

    [Fact]
    public void A_copy_or_a_slice_of_a_written_payload_is_read_from_its_bytes()
    {
        var stored = ToStored(new CaseHarness().DriveTo(CaseState.Submitted).Case);

        Assert.Null(SnapshotPayload.SnapshotOf(stored.Payload.ToArray()));
        Assert.Null(SnapshotPayload.SnapshotOf(stored.Payload[..^1]));
        Assert.Null(SnapshotPayload.SnapshotOf(stored.Payload[1..]));
    }

    [Fact]
    public async Task A_record_whose_columns_were_changed_apart_from_its_written_payload_is_refused()
    {
        var snapshot = new CaseHarness().DriveTo(CaseState.Submitted).Case;
        var stored = ToStored(snapshot);
        var store = new InMemory.InMemoryResetCaseStore();
        var cases = new CaseStore(store, Seal, (_, _) => { });
        Assert.Equal(Ports.StoreWriteResult.Written, await store.CommitAsync(new Ports.CaseCommit(stored with { Version = stored.Version + 1 }, 0, [], null, null, [], [], snapshot.OpenedAt), CancellationToken.None));

        var refused = await Assert.ThrowsAsync<QuarantinedCaseException>(async () => await cases.LoadAsync(snapshot.Id, CancellationToken.None));
        Assert.Equal(snapshot.Id, refused.CaseId);
    }
}
