using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SecurityReset.Ports;

namespace SecurityReset.Storage;

/// <summary>
/// The stored form of a case snapshot and the conversion between a snapshot and the <see cref="StoredCase"/> a store
/// keeps. A payload is written in the compact binary format (<see cref="SnapshotBinaryFormat"/>, first byte its format
/// version); a payload written before it, UTF-8 JSON from System.Text.Json (source-generated, enums by their
/// persisted names, computed properties left out; its first byte is <c>{</c>), is still read, so rows a store kept
/// from earlier versions load. Thread-safe.
/// </summary>
internal static class CaseSnapshotSerializer
{
    private static readonly JsonTypeInfo<ResetCase> CaseInfo = SnapshotJsonContext.Default.ResetCase;

    /// <summary>The unsealed payload of a snapshot (the version 3 layout, no MAC): for tools and tests; the service writes sealed payloads (<see cref="SnapshotSeal"/>) and quarantines unsealed ones.</summary>
    public static byte[] Serialize(ResetCase resetCase)
    {
        ArgumentNullException.ThrowIfNull(resetCase);
        var payload = GC.AllocateUninitializedArray<byte>(SnapshotBinaryFormat.Measure(resetCase));
        SnapshotBinaryFormat.WriteTo(resetCase, payload);
        return payload;
    }

    /// <summary>The snapshot of a payload, in the current format or an earlier one; a sealed payload's MAC is not checked here.</summary>
    /// <exception cref="InvalidDataException">The payload is not a snapshot.</exception>
    public static ResetCase Deserialize(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new InvalidDataException("A stored case payload is empty.");
        }

        switch (payload[0])
        {
            case SnapshotBinaryFormat.Version1 or SnapshotBinaryFormat.Version2 or SnapshotBinaryFormat.Version3:
                return SnapshotBinaryFormat.Read(payload);
            case SnapshotSeal.Version4:
                // Read without checking the MAC: the service's CaseStore checks it; this reader serves tools and tests.
                return SnapshotBinaryFormat.Read(SnapshotSeal.Unverified(payload));
            case (byte)'{':
                try
                {
                    return JsonSerializer.Deserialize(payload, CaseInfo) ?? throw new InvalidDataException("A stored case snapshot is null.");
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException("A stored JSON case snapshot is malformed.", ex);
                }

            default:
                throw new InvalidDataException($"A stored case payload has the unknown format byte {payload[0]}.");
        }
    }

    /// <summary>The record a store keeps for a snapshot: its indexed columns and its payload.</summary>
    public static StoredCase ToStored(ResetCase resetCase) => ToStored(resetCase, Serialize(resetCase));

    /// <summary>The record a store keeps for a snapshot whose payload is already written, and when it may be purged.</summary>
    public static StoredCase ToStored(ResetCase resetCase, ReadOnlyMemory<byte> payload, DateTimeOffset? purgeAfter = null) => new(
        resetCase.Id,
        resetCase.Account.AccountId,
        resetCase.State,
        resetCase.Version,
        resetCase.ExpiresAt,
        resetCase.SubmittedAt,
        resetCase.DecidedAt,
        payload)
    {
        PurgeAfter = purgeAfter,
    };

    /// <summary>
    /// The snapshot a store returned. The payload must hold the case the columns describe (same id, version,
    /// state and account): a row whose columns were edited apart from its payload is refused, never acted on.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is not a snapshot, or not the one the columns describe.</exception>
    public static ResetCase FromStored(StoredCase stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ResetCase snapshot;
        try
        {
            snapshot = Deserialize(stored.Payload.Span);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The stored payload of case {stored.Id} is not a case snapshot.", ex);
        }

        return Matching(stored, snapshot);
    }

    /// <summary>The snapshot of a stored record, once it is checked to be the case the record's columns describe.</summary>
    /// <exception cref="InvalidDataException">The snapshot is not the one the columns describe.</exception>
    public static ResetCase Matching(StoredCase stored, ResetCase snapshot)
    {
        if (snapshot.Id != stored.Id || snapshot.Version != stored.Version || snapshot.State != stored.State
            || !string.Equals(snapshot.Account.AccountId, stored.AccountId, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The stored payload of case {stored.Id} does not match its columns.");
        }

        return snapshot;
    }
}

/// <summary>The source-generated serialization metadata of the snapshot's JSON payloads, the format before the binary one: read only.</summary>
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ResetCase))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
