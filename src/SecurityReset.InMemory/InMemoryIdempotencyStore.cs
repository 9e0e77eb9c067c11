using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>Idempotency records in process memory; expired records are dropped as new ones arrive. Thread-safe.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IdempotencyRecord> _records = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IdempotencyRecord?> TryBeginAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_records.TryGetValue(record.Key, out var existing) && existing.ExpiresAt > now)
            {
                return Task.FromResult<IdempotencyRecord?>(existing);
            }

            if (_records.Count > 10_000)
            {
                foreach (var key in _records.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList())
                {
                    _records.Remove(key);
                }
            }

            _records[record.Key] = record;
            return Task.FromResult<IdempotencyRecord?>(null);
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records[record.Key] = record;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _records.Remove(key);
        }

        return Task.CompletedTask;
    }
}
