using System.Globalization;
using System.Text;
using System.Text.Json;
using SecurityReset.Benchmarks.Support;
using SecurityReset.Benchmarks.WholeCase;
using SecurityReset.Ports;
using SecurityReset.Storage;

namespace SecurityReset.Benchmarks.Footprint;

/// <summary>
/// What cases cost at rest: the memory an open case holds in the in-memory store, and the size of a case's stored
/// payload (and of the JSON payload earlier versions stored). Prints a markdown report (the <c>--report</c> mode).
/// </summary>
internal static class FootprintReport
{
    public const int Cases = 10_000;

    public static async Task<string> RunAsync()
    {
        var opened = await FillAsync(submit: false);
        var submitted = await FillAsync(submit: true);
        var sizes = await SerializedSizesAsync();

        var report = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"# Footprint of cases ({Cases:N0} per store, .NET {Environment.Version})");
        report.AppendLine();
        report.AppendLine("Cases opened (and driven) through `SecurityResetService` on the in-memory adapters, one account each; a submitted");
        report.AppendLine("case got inputs of its own (answers, proofs, document and video objects, file ids), as separate requests would.");
        report.AppendLine("String literals (media types, country, terms version) and the account id (also held by the directory) are shared.");
        report.AppendLine();
        report.AppendLine("- *Held by the store*: `GC.GetTotalMemory(true)` with the filled `InMemoryResetCaseStore` minus the same after the");
        report.AppendLine("  store is detached: the snapshots, their audit events and the store's indexes.");
        report.AppendLine("- *Heap growth*: `GC.GetTotalMemory(true)` after filling minus before; adds what the other in-memory adapters keep");
        report.AppendLine("  (account guards).");
        report.AppendLine("- *Allocated*: `GC.GetAllocatedBytesForCurrentThread()` over the filling, per case: everything the service calls");
        report.AppendLine("  allocated, kept or not (for a submitted case, building its inputs too).");
        report.AppendLine();
        report.AppendLine("| Cases in the store | Held by the store / case | Heap growth / case | Allocated / case | Events / case |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine(inv, $"| {Cases:N0} just opened (SelectingItems) | {opened.HeldPerCase:N0} B | {opened.GrowthPerCase:N0} B | {opened.AllocatedPerCase:N0} B | {opened.EventsPerCase} |");
        report.AppendLine(inv, $"| {Cases:N0} submitted (every step done, still open) | {submitted.HeldPerCase:N0} B | {submitted.GrowthPerCase:N0} B | {submitted.AllocatedPerCase:N0} B | {submitted.EventsPerCase} |");
        report.AppendLine();
        report.AppendLine("A case as stored (the core's binary snapshot behind its MAC, payload format 4), as the JSON payload earlier versions stored (still");
        report.AppendLine("read), and its audit trail with `JsonSerializer.SerializeToUtf8Bytes` (default options, enums as numbers):");
        report.AppendLine();
        report.AppendLine("| Serialized | Bytes |");
        report.AppendLine("|---|---:|");
        foreach (var (name, size) in sizes)
        {
            report.AppendLine(inv, $"| {name} | {size:N0} B |");
        }

        return report.ToString();
    }

    private static async Task<Fill> FillAsync(bool submit)
    {
        var rig = new AdapterRig();
        var path = new HappyPath(rig);
        var ids = new string[Cases];
        for (var i = 0; i < Cases; i++)
        {
            ids[i] = string.Create(CultureInfo.InvariantCulture, $"U-{i:D6}");
            rig.Directory.Add(Fixtures.Account with { AccountId = ids[i] }, Fixtures.AuthenticatorSecret, Fixtures.Facts);
        }

        // Warm up every code path on an account outside the count, then start from an empty store.
        await path.OpenAndSubmitAsync(Fixtures.AccountId);
        rig.DetachCases();
        rig.ResetOutbox();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Cases; i++)
        {
            if (submit)
            {
                await path.OpenAndSubmitAsync(ids[i]);
                rig.ResetOutbox(); // the outbox keeps every code; the store is what is measured
            }
            else
            {
                await path.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(ids[i], Channel.Web));
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var filled = GC.GetTotalMemory(forceFullCollection: true);
        var stored = rig.Cases;
        if (stored.Count != Cases)
        {
            throw new InvalidOperationException($"The store holds {stored.Count} cases, not {Cases}.");
        }

        var events = (await stored.ReadEventsAsync((await stored.FindOpenCaseAsync(ids[0], CancellationToken.None))!.Id, CancellationToken.None)).Count;
        stored = null;
        rig.DetachCases();
        var detached = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(path);
        return new Fill((filled - detached) / Cases, (filled - before) / Cases, allocated / Cases, events);
    }

    private static async Task<List<(string Name, int Size)>> SerializedSizesAsync()
    {
        var rig = new AdapterRig();
        var path = new HappyPath(rig);
        var submittedId = await path.OpenAndSubmitAsync(Fixtures.AccountId);
        var submitted = (await rig.Cases.LoadAsync(submittedId, CancellationToken.None))!;
        await path.Service.ClaimAsync(submittedId, Fixtures.Reviewer);
        await path.Service.ApproveAsync(submittedId, Fixtures.Reviewer);
        await path.Service.DispatchAsync(); // the reset is applied by the outbox, as in the whole case
        var completed = (await rig.Cases.LoadAsync(submittedId, CancellationToken.None))!;
        var events = await rig.Cases.ReadEventsAsync(submittedId, CancellationToken.None);
        if (completed.State != CaseState.Completed)
        {
            throw new InvalidOperationException($"The case ended {completed.State}.");
        }

        return
        [
            ("stored payload of a case (`StoredCase.Payload`), Submitted (happy path, every step done)", submitted.Payload.Length),
            ("stored payload of a case (`StoredCase.Payload`), Completed (claimed, approved, reset applied)", completed.Payload.Length),
            ("the Completed case as the JSON payload of earlier versions", JsonPayloadSize(completed)),
            ($"its audit trail ({events.Count} `CaseEvent`s)", Size(events)),
        ];
    }

    private static int Size<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value).Length;

    private static int JsonPayloadSize(StoredCase stored) =>
        JsonSerializer.SerializeToUtf8Bytes(CaseSnapshotSerializer.FromStored(stored), SnapshotJsonContext.Default.ResetCase).Length;

    private sealed record Fill(long HeldPerCase, long GrowthPerCase, long AllocatedPerCase, int EventsPerCase);
}
