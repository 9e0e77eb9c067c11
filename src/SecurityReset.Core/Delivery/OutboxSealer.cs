using System.Text.Json;
using System.Text.Json.Serialization;
using SecurityReset.Ports;

namespace SecurityReset.Delivery;

/// <summary>
/// Turns <see cref="OutboxContent"/> into an <see cref="OutboxMessage"/> and back. The payload is sealed with the
/// key that seals contacts, bound to the message id and case id as associated data, so codes and addresses are
/// never at rest in clear and a payload moved to another message or case does not open. Thread-safe.
/// </summary>
internal sealed class OutboxSealer(PersonalDataProtector protector)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
    };

    public OutboxMessage Seal(CaseId caseId, OutboxContent content, DateTimeOffset now, DateTimeOffset dueAt)
    {
        var id = Guid.CreateVersion7(now);
        Span<byte> associated = stackalloc byte[AssociatedBytes];
        Associated(id, caseId, associated);
        var payload = protector.Seal(JsonSerializer.SerializeToUtf8Bytes(content, Json), associated);
        return new OutboxMessage(id, caseId, dueAt, 0, payload);
    }

    /// <summary>The content of a message; throws <see cref="System.Security.Cryptography.CryptographicException"/> when the payload was altered or moved.</summary>
    public OutboxContent Open(OutboxMessage message)
    {
        Span<byte> associated = stackalloc byte[AssociatedBytes];
        Associated(message.Id, message.CaseId, associated);
        return JsonSerializer.Deserialize<OutboxContent>(protector.Unseal(message.Payload.Span, associated), Json)
            ?? throw new JsonException("An empty outbox payload.");
    }

    /// <summary>
    /// The message with its payload sealed again under the current key (same id, case, due time and attempts), and the
    /// id of the key that sealed it; <see langword="null"/> when the current key sealed it already. Throws
    /// <see cref="System.Security.Cryptography.CryptographicException"/> when no configured key opens it.
    /// </summary>
    public OutboxMessage? Reseal(OutboxMessage message, out string? formerKeyId)
    {
        Span<byte> associated = stackalloc byte[AssociatedBytes];
        Associated(message.Id, message.CaseId, associated);
        var payload = protector.Reseal(message.Payload.Span, associated, out formerKeyId);
        return payload is null ? null : message with { Payload = payload };
    }

    private const int AssociatedBytes = 32;

    private static void Associated(Guid messageId, CaseId caseId, Span<byte> associated)
    {
        messageId.TryWriteBytes(associated[..16]);
        caseId.Value.TryWriteBytes(associated[16..]);
    }
}
