namespace SecurityReset.Ports;

/// <summary>A remembered request: its key, a keyed hash of the command, and the answer committed with its effect.</summary>
/// <param name="Key">The scoped idempotency key.</param>
/// <param name="RequestHash">A keyed hash of the command.</param>
/// <param name="ResultJson">The answer as JSON.</param>
/// <param name="ExpiresAt">When the record may be forgotten.</param>
public sealed record IdempotencyRecord(string Key, string RequestHash, string ResultJson, DateTimeOffset ExpiresAt);
