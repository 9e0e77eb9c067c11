using System.Buffers;

namespace SecurityReset.Storage;

/// <summary>
/// The payload of a record the service wrote: the sealed bytes (<see cref="SnapshotSeal"/>), which any store sees and keeps, and the snapshot
/// they are serialized from. A store that hands back the very payload it was given (the in-memory one keeps the
/// record) lets the service take the snapshot without reading the bytes again; a store that copies the bytes (a
/// database) hands back a plain array, which is read. The size is measured when the payload is made; the bytes are
/// written the first time anything reads them (a database store does at once, the in-memory store never does), always
/// the same bytes, and never changed after. Thread-safe.
/// </summary>
internal sealed class SnapshotPayload : MemoryManager<byte>
{
    private readonly SnapshotSeal _seal;
    private readonly int _length;
    private byte[]? _bytes;

    private SnapshotPayload(ResetCase snapshot, SnapshotSeal seal, int length)
    {
        Snapshot = snapshot;
        _seal = seal;
        _length = length;
    }

    /// <summary>The snapshot the bytes are serialized from.</summary>
    public ResetCase Snapshot { get; }

    /// <summary>A sealed payload of a snapshot that remembers it; its bytes are written (and their MAC computed) when first read.</summary>
    public static ReadOnlyMemory<byte> Of(ResetCase snapshot, SnapshotSeal seal)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(seal);

        // Measuring walks every text as the writing will (strict UTF-8): a snapshot that cannot be written fails here, not in the store.
        var length = seal.Overhead + SnapshotBinaryFormat.Measure(snapshot);
        return new SnapshotPayload(snapshot, seal, length).CreateMemory(length);
    }

    /// <summary>The snapshot behind a payload, when the payload is exactly one this class made (not a slice or a copy of it).</summary>
    public static ResetCase? SnapshotOf(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager(payload, out SnapshotPayload? written, out var start, out var length)
        && start == 0 && length == written._length
            ? written.Snapshot
            : null;

    public override Span<byte> GetSpan() => Bytes;

    public override MemoryHandle Pin(int elementIndex = 0) => Bytes.AsMemory(elementIndex).Pin();

    public override void Unpin()
    {
        // Pin hands out the array's own handle, which frees itself when disposed.
    }

    protected override bool TryGetArray(out ArraySegment<byte> segment)
    {
        segment = new ArraySegment<byte>(Bytes);
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing to release: the bytes are an ordinary array.
    }

    private byte[] Bytes => Volatile.Read(ref _bytes) ?? Write();

    private byte[] Write()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(_length);
        SnapshotBinaryFormat.WriteTo(Snapshot, bytes.AsSpan(_seal.Overhead));
        _seal.Seal(bytes);

        // Two first readers may race: both write the same bytes, and every reader gets the array published first.
        return Interlocked.CompareExchange(ref _bytes, bytes, null) ?? bytes;
    }
}
