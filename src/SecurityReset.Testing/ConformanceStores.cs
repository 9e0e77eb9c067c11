using SecurityReset.Ports;

namespace SecurityReset.Testing;

/// <summary>The store one conformance test runs against, and how to release it. Thread-safe.</summary>
public sealed class ConformanceStores : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;

    /// <summary>Creates the set.</summary>
    /// <param name="cases">The store: cases, events, account guards, idempotency records and the outbox.</param>
    /// <param name="dispose">Releases it after the test, or <see langword="null"/>.</param>
    public ConformanceStores(IResetCaseStore cases, Func<ValueTask>? dispose = null)
    {
        Cases = cases ?? throw new ArgumentNullException(nameof(cases));
        _dispose = dispose;
    }

    /// <summary>The store.</summary>
    public IResetCaseStore Cases { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dispose?.Invoke() ?? ValueTask.CompletedTask;
}
