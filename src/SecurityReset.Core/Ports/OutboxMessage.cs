namespace SecurityReset.Ports;

/// <summary>
/// Something to deliver once a command is committed (a code, a notification, a reset to apply), kept by the
/// store until it is delivered or given up. The payload is sealed by the library; a store keeps it byte for byte
/// and never reads it. Immutable.
/// </summary>
/// <param name="Id">A stable id: delivery is at least once, and adapters can use it to drop duplicates.</param>
/// <param name="CaseId">The case that asked for it.</param>
/// <param name="DueAt">
/// When it may be claimed next: at first the commit time, after a failed try the retry time, while claimed the end
/// of the claim's lease.
/// </param>
/// <param name="Attempts">How many times it was claimed, this claim included.</param>
/// <param name="Payload">What to deliver, sealed: opaque to the store. Store it as bytes.</param>
public sealed record OutboxMessage(Guid Id, CaseId CaseId, DateTimeOffset DueAt, int Attempts, ReadOnlyMemory<byte> Payload);
