using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SecurityReset.Ports;

namespace SecurityReset.Trail;

/// <summary>
/// Chains a case's audit events: each event's seal is an HMAC-SHA256, under the trail key, of the previous event's
/// seal and the event's own fields, so an event changed, inserted, removed or moved breaks every seal after it, and the
/// case's snapshot keeps the last seal so a trail cut short is noticed too. Thread-safe.
/// </summary>
internal sealed class TrailSealer(SecretKeyring keys)
{
    /// <summary>The key id of seals made before key ids named a secret: checked with each generation.</summary>
    public const string LegacyKeyId = "k1";

    /// <summary>The events with their seals, and the case with its new trail head.</summary>
    public (ResetCase Case, IReadOnlyList<CaseEvent> Events) Seal(ResetCase changed, IReadOnlyList<CaseEvent> events)
    {
        if (events.Count == 0)
        {
            return (changed, events);
        }

        var sealedEvents = SealAfter(changed.TrailHead, events);
        return (changed with { TrailHead = sealedEvents[^1].Seal }, sealedEvents);
    }

    /// <summary>
    /// The events sealed onto a trail whose last seal is <paramref name="previous"/>: for a case whose snapshot cannot
    /// be read (a quarantined one), whose trail the store still holds.
    /// </summary>
    public IReadOnlyList<CaseEvent> SealAfter(string? previous, IReadOnlyList<CaseEvent> events)
    {
        var sealedEvents = new CaseEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            previous = SealOf(previous, events[i]);
            sealedEvents[i] = events[i] with { Seal = previous };
        }

        return sealedEvents;
    }

    /// <summary>
    /// Checks a case's trail from its first event to the head its snapshot keeps. An event whose seal verifies under a
    /// key this deployment holds is checked by its seal. An event sealed under a key it no longer holds is accepted only
    /// when it lies before the last <c>case.resealed</c> checkpoint sealed under a held key, and the digest that
    /// checkpoint carries is the digest of every event before it as stored: so an old event edited, removed, inserted or
    /// moved breaks the trail still, and only the holder of a current key can write a checkpoint.
    /// </summary>
    public TrailVerification Verify(ResetCase resetCase, IReadOnlyList<CaseEvent> trail)
    {
        var anchor = LastHeldCheckpoint(trail);
        if (anchor >= 0 && !(TrailCheckpoint.TryRead(trail[anchor].Detail, out var count, out var digest)
            && count == anchor && CryptographicOperations.FixedTimeEquals(digest, Digest(trail, anchor))))
        {
            return TrailVerification.Broken(trail.Count, anchor, trail[anchor].Version, "an event before this checkpoint was changed, inserted, removed or moved since it was written");
        }

        string? previous = null;
        var checkpointed = 0;
        for (var i = 0; i < trail.Count; i++)
        {
            var e = trail[i];
            if (e.Seal is null)
            {
                return TrailVerification.Broken(trail.Count, i, e.Version, "an event carries no seal");
            }

            switch (Check(e.Seal, previous, e))
            {
                case SealCheck.Holds:
                    break;
                case SealCheck.KeyNotHeld when i < anchor:
                    checkpointed++; // vouched for by the checkpoint's digest, checked above
                    break;
                case SealCheck.KeyNotHeld:
                    return TrailVerification.Broken(trail.Count, i, e.Version, "an event is sealed with a key this deployment does not hold (or was changed), and no checkpoint covers it");
                default:
                    return TrailVerification.Broken(trail.Count, i, e.Version, "an event was changed, inserted, removed or moved here");
            }

            previous = e.Seal;
        }

        return previous is null && resetCase.TrailHead is null || previous is not null && resetCase.TrailHead is not null && SameSeal(previous, resetCase.TrailHead)
            ? TrailVerification.Intact(trail.Count, checkpointed)
            : TrailVerification.Broken(trail.Count, trail.Count, null, "the trail ends before the case's last event");
    }

    /// <summary>
    /// The key ids a trail still needs besides the current one: those of the events after its last checkpoint sealed
    /// under the current key (none when there are none: the trail verifies under the current key alone).
    /// </summary>
    public IReadOnlyList<string> FormerKeyIds(IReadOnlyList<CaseEvent> trail)
    {
        var current = keys.Current.Id;
        var from = 0;
        for (var i = trail.Count - 1; i >= 0; i--)
        {
            if (trail[i].Type == Workflow.CaseEventTypes.Resealed && KeyIdOf(trail[i].Seal).SequenceEqual(current))
            {
                from = i + 1;
                break;
            }
        }

        var former = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = from; i < trail.Count; i++)
        {
            var id = KeyIdOf(trail[i].Seal);
            if (!id.SequenceEqual(current))
            {
                former.Add(id.ToString());
            }
        }

        return [.. former];
    }

    /// <summary>
    /// The <c>case.resealed</c> checkpoint to append to <paramref name="trail"/> as version <paramref name="version"/>:
    /// its detail names the key ids resealed and carries the digest of every event before it, as stored.
    /// </summary>
    public static CaseEvent Checkpoint(CaseId caseId, long version, DateTimeOffset at, IReadOnlyList<CaseEvent> trail, IEnumerable<string> formerKeyIds) =>
        new(caseId, version, Workflow.CaseEventTypes.Resealed, at, Actor.System, TrailCheckpoint.Write(formerKeyIds, trail.Count, Digest(trail, trail.Count)));

    /// <summary>The position of the last checkpoint whose seal names a key this deployment holds, or −1.</summary>
    private int LastHeldCheckpoint(IReadOnlyList<CaseEvent> trail)
    {
        for (var i = trail.Count - 1; i >= 0; i--)
        {
            var id = KeyIdOf(trail[i].Seal);
            if (trail[i].Type == Workflow.CaseEventTypes.Resealed && !id.SequenceEqual(LegacyKeyId) && keys.Find(id) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// SHA-256 over the first <paramref name="count"/> events exactly as stored: each field and the seal
    /// length-prefixed, as the seals are, so no two different trails digest alike.
    /// </summary>
    private static byte[] Digest(IReadOnlyList<CaseEvent> trail, int count)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> counted = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(counted, count);
        sha.AppendData(counted);
        for (var i = 0; i < count; i++)
        {
            var rented = ArrayPool<byte>.Shared.Rent(EventSize(trail[i]) + FieldSize(trail[i].Seal));
            try
            {
                var fields = new FieldWriter(rented);
                fields.Event(trail[i]);
                fields.Text(trail[i].Seal);
                sha.AppendData(rented.AsSpan(0, fields.Written));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return sha.GetHashAndReset();
    }

    private static ReadOnlySpan<char> KeyIdOf(string? seal) =>
        seal is null ? [] : seal.AsSpan(0, Math.Max(0, seal.IndexOf(':', StringComparison.Ordinal)));

    /// <summary>Whether a seal is the one its named key generation makes (each generation for a legacy seal).</summary>
    private SealCheck Check(string seal, string? previous, CaseEvent e)
    {
        var id = KeyIdOf(seal);
        if (id.SequenceEqual(LegacyKeyId))
        {
            foreach (var generation in keys.All)
            {
                if (SameSeal(seal, SealOf(generation, LegacyKeyId, previous, e)))
                {
                    return SealCheck.Holds;
                }
            }

            // A legacy seal names no key: one no held key makes may be made by a retired one.
            return SealCheck.KeyNotHeld;
        }

        return keys.Find(id) is not { } named ? SealCheck.KeyNotHeld
            : Matches(seal, named, previous, e) ? SealCheck.Holds
            : SealCheck.Fails;
    }

    private static bool SameSeal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a.AsSpan()), MemoryMarshal.AsBytes(b.AsSpan()));

    private string SealOf(string? previous, CaseEvent e) => SealOf(keys.Current, keys.Current.Id, previous, e);

    private static string SealOf(KeyGeneration generation, string keyId, string? previous, CaseEvent e)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(generation, previous, e, mac);
        return keyId + ":" + Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Whether <paramref name="seal"/> is, character for character, the seal <paramref name="generation"/> makes for the
    /// event after <paramref name="previous"/>: compared in constant time without building the expected string.
    /// </summary>
    private static bool Matches(string seal, KeyGeneration generation, string? previous, CaseEvent e)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(generation, previous, e, mac);
        Span<char> encoded = stackalloc char[MacChars];
        Convert.TryToBase64Chars(mac, encoded, out _);
        var prefix = generation.Id.Length + 1;
        return seal.Length == prefix + MacChars
            & CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(seal.AsSpan(prefix)), MemoryMarshal.AsBytes(encoded));
    }

    /// <summary>The base64 length of an HMAC-SHA256.</summary>
    private const int MacChars = 44;

    private static void Mac(KeyGeneration generation, string? previous, CaseEvent e, Span<byte> mac)
    {
        // Every field length-prefixed, so no two different events (or chains) read as the same bytes. The fields are
        // written to a pooled buffer: a trail is sealed and checked often, and its seals are all that need keeping.
        var size = FieldSize(previous) + EventSize(e);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var fields = new FieldWriter(rented);
            fields.Text(previous);
            fields.Event(e);
            HMACSHA256.HashData(generation.TrailKey, rented.AsSpan(0, fields.Written), mac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int FieldSize(string? value) => sizeof(long) + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    private static int EventSize(CaseEvent e) =>
        FieldSize(null) + CaseIdChars + (3 * sizeof(long)) + FieldSize(e.Type) + FieldSize(e.Actor.Id) + FieldSize(e.Detail);

    /// <summary>A case id as text (<see cref="CaseId.ToString"/>): 32 hexadecimal digits.</summary>
    private const int CaseIdChars = 32;

    /// <summary>Writes the length-prefixed fields of the seal's input into a buffer sized for them.</summary>
    private ref struct FieldWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Written { get; private set; }

        public void Event(CaseEvent e)
        {
            // The case id as CaseId.ToString() spells it, written without the string.
            Int64(CaseIdChars);
            e.CaseId.Value.TryFormat(_buffer[Written..], out var idLength, "N");
            Written += idLength;
            Int64(e.Version);
            Text(e.Type);
            Int64(e.OccurredAt.UtcTicks);
            Int64((long)e.Actor.Kind);
            Text(e.Actor.Id);
            Text(e.Detail);
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                Int64(-1);
                return;
            }

            var at = Written + sizeof(long);
            var length = Encoding.UTF8.GetBytes(value, _buffer[at..]);
            Int64(length);
            Written += length;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64BigEndian(_buffer[Written..], value);
            Written += sizeof(long);
        }
    }

    private enum SealCheck
    {
        Holds,
        Fails,
        KeyNotHeld,
    }
}
