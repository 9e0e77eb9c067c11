using System.Buffers;
using System.Buffers.Binary;
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

    /// <summary>Checks a case's trail from its first event to the head its snapshot keeps.</summary>
    public TrailVerification Verify(ResetCase resetCase, IReadOnlyList<CaseEvent> trail)
    {
        string? previous = null;
        for (var i = 0; i < trail.Count; i++)
        {
            var e = trail[i];
            if (e.Seal is null)
            {
                return TrailVerification.Broken(trail.Count, i, e.Version, "an event carries no seal");
            }

            if (!Verifies(e.Seal, previous, e))
            {
                return TrailVerification.Broken(trail.Count, i, e.Version, "an event was changed, inserted, removed or moved here");
            }

            previous = e.Seal;
        }

        return previous is null && resetCase.TrailHead is null || previous is not null && resetCase.TrailHead is not null && SameSeal(previous, resetCase.TrailHead)
            ? TrailVerification.Intact(trail.Count)
            : TrailVerification.Broken(trail.Count, trail.Count, null, "the trail ends before the case's last event");
    }

    /// <summary>Whether a seal is the one its named key generation makes (each generation for a legacy seal).</summary>
    private bool Verifies(string seal, string? previous, CaseEvent e)
    {
        var id = seal.AsSpan(0, Math.Max(0, seal.IndexOf(':', StringComparison.Ordinal)));
        if (id.SequenceEqual(LegacyKeyId))
        {
            foreach (var generation in keys.All)
            {
                if (SameSeal(seal, SealOf(generation, LegacyKeyId, previous, e)))
                {
                    return true;
                }
            }

            return false;
        }

        return keys.Find(id) is { } named && SameSeal(seal, SealOf(named, named.Id, previous, e));
    }

    private static bool SameSeal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private string SealOf(string? previous, CaseEvent e) => SealOf(keys.Current, keys.Current.Id, previous, e);

    private static string SealOf(KeyGeneration generation, string keyId, string? previous, CaseEvent e)
    {
        // Every field length-prefixed, so no two different events (or chains) read as the same bytes.
        var fields = new ArrayBufferWriter<byte>(256);
        Text(fields, previous);
        Text(fields, e.CaseId.ToString());
        Int64(fields, e.Version);
        Text(fields, e.Type);
        Int64(fields, e.OccurredAt.UtcTicks);
        Int64(fields, (long)e.Actor.Kind);
        Text(fields, e.Actor.Id);
        Text(fields, e.Detail);
        return keyId + ":" + Convert.ToBase64String(HMACSHA256.HashData(generation.TrailKey, fields.WrittenSpan));
    }

    private static void Text(ArrayBufferWriter<byte> fields, string? value)
    {
        if (value is null)
        {
            Int64(fields, -1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        Int64(fields, length);
        fields.Advance(Encoding.UTF8.GetBytes(value, fields.GetSpan(length)));
    }

    private static void Int64(ArrayBufferWriter<byte> fields, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(fields.GetSpan(sizeof(long)), value);
        fields.Advance(sizeof(long));
    }
}
