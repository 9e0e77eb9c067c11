using System.Security.Cryptography;
using System.Text;

namespace SecurityReset.Storage;

/// <summary>
/// The MAC around a stored snapshot (payload format version 4): the format byte, the key id (a length byte and
/// ASCII), an HMAC-SHA256 under that key generation's snapshot key, then the snapshot in the version 3 layout. The
/// MAC covers the format byte, the key id and every byte of the snapshot, whose own fields include the case id and
/// version, so a payload edited, copied from another case or replayed from an older version of the same case does not
/// verify as the row it sits in (the store's columns are checked against the snapshot's id and version on every load).
/// Thread-safe.
/// </summary>
internal sealed class SnapshotSeal(SecretKeyring keys)
{
    /// <summary>The first byte of a sealed payload: the format written now.</summary>
    public const byte Version4 = 4;

    private const int MacBytes = 32;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("securityreset/snapshot/v4\n");

    /// <summary>The bytes a sealed payload has before the snapshot's own.</summary>
    public int Overhead => 2 + keys.Current.Id.Length + MacBytes;

    /// <summary>
    /// Seals a payload whose snapshot is already written at <see cref="Overhead"/>: writes the format byte, the current
    /// key id and the MAC in front of it.
    /// </summary>
    public void Seal(Span<byte> payload)
    {
        var id = keys.Current.Id;
        payload[0] = Version4;
        payload[1] = (byte)id.Length;
        Encoding.ASCII.GetBytes(id, payload.Slice(2, id.Length));
        var macAt = 2 + id.Length;
        Mac(keys.Current.SnapshotKey, payload[..macAt], payload[(macAt + MacBytes)..], payload.Slice(macAt, MacBytes));
    }

    /// <summary>
    /// The snapshot bytes of a sealed payload whose MAC verifies under the key generation it names; otherwise
    /// <see langword="false"/> and why (never a value from the payload).
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> snapshot, out string reason)
    {
        snapshot = default;
        if (!TrySplit(payload, out var header, out var mac, out var body))
        {
            reason = payload.IsEmpty || payload[0] != Version4
                ? "its snapshot carries no MAC (an earlier format, or not a snapshot)"
                : "its snapshot is truncated";
            return false;
        }

        if (keys.Find(Encoding.ASCII.GetString(header[2..])) is not { } generation)
        {
            reason = "its snapshot is sealed with a key this deployment does not hold";
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(generation.SnapshotKey, header, body, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            reason = "its snapshot's MAC does not verify";
            return false;
        }

        snapshot = body;
        reason = string.Empty;
        return true;
    }

    /// <summary>The key id a sealed payload names, or <see langword="null"/> when it is not a sealed payload.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> payload) =>
        TrySplit(payload, out var header, out _, out _) ? Encoding.ASCII.GetString(header[2..]) : null;

    /// <summary>The snapshot bytes of a sealed payload, unverified: for tools that only read (tests, exports of raw rows).</summary>
    /// <exception cref="InvalidDataException">The payload is not a sealed payload.</exception>
    public static ReadOnlySpan<byte> Unverified(ReadOnlySpan<byte> payload) =>
        TrySplit(payload, out _, out _, out var body) ? body : throw new InvalidDataException("The payload is not a sealed snapshot.");

    private static bool TrySplit(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> header, out ReadOnlySpan<byte> mac, out ReadOnlySpan<byte> body)
    {
        header = mac = body = default;
        if (payload.Length < 2 || payload[0] != Version4)
        {
            return false;
        }

        var macAt = 2 + payload[1];
        if (payload[1] == 0 || payload.Length <= macAt + MacBytes)
        {
            return false;
        }

        header = payload[..macAt];
        mac = payload.Slice(macAt, MacBytes);
        body = payload[(macAt + MacBytes)..];
        return true;
    }

    private static void Mac(byte[] key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Purpose);
        hmac.AppendData(header);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
