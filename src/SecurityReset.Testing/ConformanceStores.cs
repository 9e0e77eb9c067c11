using SecurityReset.Ports;

namespace SecurityReset.Testing;

/// <summary>The three stores one conformance test runs against, and how to release them. Thread-safe.</summary>
public sealed class ConformanceStores : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;

    /// <summary>Creates the set.</summary>
    /// <param name="cases">The case store.</param>
    /// <param name="guards">The account guard store.</param>
    /// <param name="idempotency">The idempotency store.</param>
    /// <param name="dispose">Releases them after the test, or <see langword="null"/>.</param>
    public ConformanceStores(IResetCaseStore cases, IAccountGuardStore guards, IIdempotencyStore idempotency, Func<ValueTask>? dispose = null)
    {
        Cases = cases ?? throw new ArgumentNullException(nameof(cases));
        Guards = guards ?? throw new ArgumentNullException(nameof(guards));
        Idempotency = idempotency ?? throw new ArgumentNullException(nameof(idempotency));
        _dispose = dispose;
    }

    /// <summary>The case store.</summary>
    public IResetCaseStore Cases { get; }

    /// <summary>The account guard store.</summary>
    public IAccountGuardStore Guards { get; }

    /// <summary>The idempotency store.</summary>
    public IIdempotencyStore Idempotency { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dispose?.Invoke() ?? ValueTask.CompletedTask;
}
