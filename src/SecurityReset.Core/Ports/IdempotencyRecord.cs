namespace SecurityReset.Ports;

/// <summary>A remembered request: its key, a keyed hash of the command, and the first result once it finished.</summary>
/// <param name="Key">The scoped idempotency key.</param>
/// <param name="RequestHash">A keyed hash of the command.</param>
/// <param name="ResultJson">The first result as JSON, or <see langword="null"/> while the request runs.</param>
/// <param name="ExpiresAt">When the record may be forgotten.</param>
public sealed record IdempotencyRecord(string Key, string RequestHash, string? ResultJson, DateTimeOffset ExpiresAt);
