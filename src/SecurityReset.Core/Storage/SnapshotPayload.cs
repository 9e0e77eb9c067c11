using System.Buffers;

namespace SecurityReset.Storage;

/// <summary>
/// The payload of a record the service wrote: the serialized bytes, which any store sees and keeps, and the snapshot
/// they were serialized from. A store that hands back the very payload it was given (the in-memory one keeps the
/// record) lets the service take the snapshot without reading the bytes again; a store that copies the bytes (a
/// database) hands back a plain array, which is read. Immutable: the bytes are never changed once written.
/// </summary>
internal sealed class SnapshotPayload : MemoryManager<byte>
{
    private readonly byte[] _bytes;

    private SnapshotPayload(ResetCase snapshot, byte[] bytes)
    {
        Snapshot = snapshot;
        _bytes = bytes;
    }

    /// <summary>The snapshot the bytes were serialized from.</summary>
    public ResetCase Snapshot { get; }

    /// <summary>Serializes a snapshot into a payload that remembers it.</summary>
    public static ReadOnlyMemory<byte> Of(ResetCase snapshot) => new SnapshotPayload(snapshot, CaseSnapshotSerializer.Serialize(snapshot)).Memory;

    /// <summary>The snapshot behind a payload, when the payload is exactly one this class made (not a slice or a copy of it).</summary>
    public static ResetCase? SnapshotOf(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager(payload, out SnapshotPayload? written, out var start, out var length)
        && start == 0 && length == written._bytes.Length
            ? written.Snapshot
            : null;

    public override Span<byte> GetSpan() => _bytes;

    public override MemoryHandle Pin(int elementIndex = 0) => _bytes.AsMemory(elementIndex).Pin();

    public override void Unpin()
    {
        // Pin hands out the array's own handle, which frees itself when disposed.
    }

    protected override bool TryGetArray(out ArraySegment<byte> segment)
    {
        segment = new ArraySegment<byte>(_bytes);
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing to release: the bytes are an ordinary array.
    }
}
