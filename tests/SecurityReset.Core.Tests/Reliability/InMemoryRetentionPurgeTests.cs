using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using SecurityReset.InMemory;

namespace SecurityReset.Tests.Reliability;

/// <summary>The retention tests on the in-memory store: every collection it keeps is read, its private maps included.</summary>
public sealed class InMemoryRetentionPurgeTests : RetentionPurgeTests
{
    protected override string StoreName => "in-memory";

    protected override ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken) => ValueTask.FromResult(StoreSet.InMemory());

    protected override async Task<IReadOnlyList<string>> ReadEveryTableAsync(StoreSet stores, CancellationToken cancellationToken)
    {
        var store = (InMemoryResetCaseStore)stores.Cases;
        var texts = new List<string>();
        foreach (var c in store.Cases)
        {
            texts.Add($"cases: {c.Id} {c.AccountId} {c.State} {c.Version} {c.ExpiresAt:O} {c.SubmittedAt:O} {c.DecidedAt:O} {c.PurgeAfter:O} " + Encoding.UTF8.GetString(c.Payload.Span));
            texts.AddRange((await store.ReadEventsAsync(c.Id, cancellationToken)).Select(e => "events: " + JsonSerializer.Serialize(e)));
        }

        texts.AddRange(store.Messages.Select(m => $"outbox: {m.Id} {m.CaseId} {m.DueAt:O} {m.Attempts} " + Encoding.UTF8.GetString(m.Payload.Span)));

        // The guards and idempotency records have no public listing: their maps are read as a debugger would.
        foreach (var field in typeof(InMemoryResetCaseStore).GetFields(BindingFlags.Instance | BindingFlags.NonPublic))
        {
            if (field.GetValue(store) is IDictionary map && field.Name is "_guards" or "_idempotency")
            {
                texts.AddRange(map.Values.Cast<object>().Select(v => field.Name + ": " + JsonSerializer.Serialize(v, v.GetType())));
            }
        }

        Assert.Contains(texts, t => t.StartsWith("_guards:", StringComparison.Ordinal));
        return texts;
    }
}
