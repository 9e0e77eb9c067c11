namespace SecurityReset.Ports;

/// <summary>Where idempotency records live. Thread-safe.</summary>
public interface IIdempotencyStore
{
    /// <summary>Adds a record for a new request unless one with the same key exists (and has not expired).</summary>
    /// <param name="record">The record, without a result.</param>
    /// <param name="now">The current time; expired records count as absent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> when added; otherwise the existing record.</returns>
    Task<IdempotencyRecord?> TryBeginAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the result of a request begun with <see cref="TryBeginAsync"/>.</summary>
    /// <param name="record">The record with its result.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task CompleteAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Forgets a request that failed before it had a result, so a retry runs it again.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task AbandonAsync(string key, CancellationToken cancellationToken);
}
