namespace SecurityReset.Tests.Reliability;

/// <summary>The store tamper tests on the in-memory stores.</summary>
public sealed class InMemoryStoreTamperTests : StoreTamperTests
{
    protected override ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken) => ValueTask.FromResult(StoreSet.InMemory());
}
