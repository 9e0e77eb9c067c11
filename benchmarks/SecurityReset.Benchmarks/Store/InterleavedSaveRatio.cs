using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// The commit with its outbox row against the same statements by hand, on SQLite and (when a server answers) on
/// PostgreSQL, measured in alternating blocks, so that both sides meet the same load from the rest of the machine:
/// BenchmarkDotNet measures one benchmark after the other, in processes of their own, minutes apart, and on a shared
/// machine the disk's <c>fsync</c> time (most of either side) moves a lot in minutes. Each round times a block of
/// commits on each side, the side that goes first alternating; the report gives the medians over the rounds and the
/// median of the per-round ratios. The benchmark classes' own setup, commits and cleanup are used.
/// </summary>
internal static class InterleavedSaveRatio
{
    private const int Rounds = 41;
    private const int CommitsPerBlock = 25;
    private const int WarmUpCommits = 200;

    public static async Task<string> RunAsync()
    {
        var text = new StringBuilder();
        text.AppendLine("## A commit with its outbox row against the same statements by hand, interleaved").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Rounds} rounds; each round times {CommitsPerBlock} commits on each side (the side going first alternates), in one process, so both meet the same load. Medians over the rounds:").AppendLine();
        text.AppendLine("| Store | Raw (baseline) / commit | Adapter / commit | Adapter ÷ raw, median of round ratios | ratio of medians |");
        text.AppendLine("|---|---:|---:|---:|---:|");

        var sqlite = new SqliteSaveBenchmarks();
        sqlite.Setup();
        try
        {
            text.AppendLine(await PairAsync("SQLite (WAL, synchronous=FULL)", () => Task.FromResult(sqlite.Raw_UpdateEventAndOutbox()), sqlite.Adapter_CommitAsync));
        }
        finally
        {
            sqlite.Cleanup();
        }

        if (PostgresStoreRig.Probe() is (true, var version))
        {
            var postgres = new PostgresSaveBenchmarks();
            postgres.Setup();
            try
            {
                text.AppendLine(await PairAsync($"PostgreSQL {version}", postgres.Raw_UpdateEventAndOutbox, postgres.Adapter_CommitAsync));
                text.AppendLine(await PairAsync($"PostgreSQL {version}, Max Auto Prepare=16", postgres.Raw_UpdateEventAndOutbox, postgres.Adapter_CommitAsync_AutoPrepare));
            }
            finally
            {
                postgres.Cleanup();
            }
        }
        else
        {
            text.AppendLine("| PostgreSQL | skipped: no server | | | |");
        }

        return text.ToString();
    }

    private static async Task<string> PairAsync<TRaw, TAdapter>(string name, Func<Task<TRaw>> raw, Func<Task<TAdapter>> adapter)
    {
        for (var i = 0; i < WarmUpCommits; i++)
        {
            await raw();
            await adapter();
        }

        var rawMicros = new List<double>();
        var adapterMicros = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            double rawBlock, adapterBlock;
            if (round % 2 == 0)
            {
                rawBlock = await MeasureAsync(raw);
                adapterBlock = await MeasureAsync(adapter);
            }
            else
            {
                adapterBlock = await MeasureAsync(adapter);
                rawBlock = await MeasureAsync(raw);
            }

            rawMicros.Add(rawBlock / CommitsPerBlock);
            adapterMicros.Add(adapterBlock / CommitsPerBlock);
            ratios.Add(adapterBlock / rawBlock);
        }

        double rawMedian = Median(rawMicros), adapterMedian = Median(adapterMicros);
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {rawMedian:N1} µs | {adapterMedian:N1} µs | {Median(ratios):0.00}× | {adapterMedian / rawMedian:0.00}× |");
    }

    private static async Task<double> MeasureAsync<T>(Func<Task<T>> commit)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < CommitsPerBlock; i++)
        {
            await commit();
        }

        return clock.Elapsed.TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
