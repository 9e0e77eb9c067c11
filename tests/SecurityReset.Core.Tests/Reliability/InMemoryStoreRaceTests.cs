namespace SecurityReset.Tests.Reliability;

/// <summary>The store races on the in-memory stores.</summary>
public sealed class InMemoryStoreRaceTests : StoreRaceTests
{
    protected override ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken) => ValueTask.FromResult(StoreSet.InMemory());
}
