using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SecurityReset.Benchmarks.Decide;
using SecurityReset.Benchmarks.Store;
using SecurityReset.Benchmarks.WholeCase;

namespace SecurityReset.Benchmarks;

/// <summary>
/// The goals the benchmarks check, read from the summaries of a run. A time goal is judged on the ratio of the
/// medians (other work on the machine makes the means jump); BenchmarkDotNet's Ratio column, a mean, is shown beside it.
/// </summary>
internal static class Goals
{
    /// <summary>A decided command must cost at most this share of building, configuring and firing a Stateless machine.</summary>
    public const double DecideRatioMax = 0.2;

    /// <summary>The decider must allocate at most this much per command.</summary>
    public const long DecideAllocatedMax = 2048;

    /// <summary>A whole case must cost at most this many times its bare cryptography.</summary>
    public const double WholeCaseRatioMax = 2.0;

    /// <summary>A whole case must allocate at most this much.</summary>
    public const long WholeCaseAllocatedMax = 20 * 1024;

    /// <summary>A commit with its outbox row through the EF Core store on SQLite must take at most this many times the raw statements.</summary>
    public const double SqliteSaveRatioMax = 1.5;

    /// <summary>A page of the review queue over 1,000,000 stored cases on SQLite must take at most this long, in milliseconds.</summary>
    public const double ReviewQueuePageMaxMs = 10.0;

    /// <summary>Prints every goal the run measured; returns whether all of them were met and every benchmark ran.</summary>
    public static bool Report(IEnumerable<Summary> summaries, TextWriter output)
    {
        var lines = new List<(string Goal, string Measured, bool? Met)>();
        foreach (var summary in summaries)
        {
            var cases = summary.BenchmarksCases;
            foreach (var failed in summary.Reports.Where(r => !r.Success))
            {
                lines.Add(($"{failed.BenchmarkCase.DisplayInfo} runs", "failed", false));
            }

            foreach (var decide in cases.Where(c => c.Descriptor.WorkloadMethod.Name == nameof(DecideBenchmarks.CaseDecider_Decide)))
            {
                var baseline = cases.FirstOrDefault(c => c.Descriptor.Baseline && c.Parameters.DisplayInfo == decide.Parameters.DisplayInfo && c.Job == decide.Job);
                var command = decide.Parameters.DisplayInfo;
                if (Ratios(summary, decide, baseline) is { } ratio)
                {
                    lines.Add(($"Decide {command}: ≤ {DecideRatioMax:0.0}× build-configure-fire Stateless", Describe(ratio), ratio.Median <= DecideRatioMax));
                }

                if (summary[decide]?.GcStats.GetBytesAllocatedPerOperation(decide) is { } allocated)
                {
                    lines.Add(($"Decide {command}: ≤ {DecideAllocatedMax} B allocated", $"{allocated} B", allocated <= DecideAllocatedMax));
                }
            }

            foreach (var whole in cases.Where(c => c.Descriptor.WorkloadMethod.Name == nameof(WholeCaseBenchmarks.Service_WholeCase)))
            {
                var baseline = cases.FirstOrDefault(c => c.Descriptor.Baseline && c.Job == whole.Job);
                if (Ratios(summary, whole, baseline) is { } ratio)
                {
                    lines.Add(($"Whole case: ≤ {WholeCaseRatioMax:0.0}× its bare cryptography", Describe(ratio), ratio.Median <= WholeCaseRatioMax));
                }

                if (summary[whole]?.GcStats.GetBytesAllocatedPerOperation(whole) is { } allocated)
                {
                    lines.Add(($"Whole case: ≤ {WholeCaseAllocatedMax} B allocated", $"{allocated} B", allocated <= WholeCaseAllocatedMax));
                }
            }

            foreach (var save in cases.Where(c => c.Descriptor.Type == typeof(SqliteSaveBenchmarks) && c.Descriptor.WorkloadMethod.Name == nameof(SqliteSaveBenchmarks.Adapter_CommitAsync)))
            {
                var baseline = cases.FirstOrDefault(c => c.Descriptor.Baseline && c.Descriptor.Type == save.Descriptor.Type && c.Job == save.Job);
                if (Ratios(summary, save, baseline) is { } ratio)
                {
                    lines.Add(($"SQLite commit with its outbox row: ≤ {SqliteSaveRatioMax:0.0}× raw UPDATE + event INSERT + outbox INSERT (throughput ≥ {1 / SqliteSaveRatioMax:0.00}×)", Describe(ratio), ratio.Median <= SqliteSaveRatioMax));
                }
            }

            // PostgreSQL: reported beside its baseline, no bound.
            foreach (var save in cases.Where(c => c.Descriptor.Type == typeof(PostgresSaveBenchmarks) && !c.Descriptor.Baseline))
            {
                var baseline = cases.FirstOrDefault(c => c.Descriptor.Baseline && c.Descriptor.Type == save.Descriptor.Type && c.Job == save.Job);
                if (Ratios(summary, save, baseline) is { } ratio)
                {
                    lines.Add(($"PostgreSQL {save.Descriptor.WorkloadMethod.Name} (reported): × raw UPDATE + event INSERT + outbox INSERT", Describe(ratio), null));
                }
            }

            foreach (var page in cases.Where(c => c.Descriptor.Type == typeof(ReviewQueueBenchmarks)))
            {
                if (summary[page]?.ResultStatistics is { } stats)
                {
                    double median = stats.Median / 1e6, mean = stats.Mean / 1e6;
                    lines.Add((
                        $"Review queue {page.Descriptor.WorkloadMethod.Name} ({ReviewQueueBenchmarks.PageSize} of {ReviewQueueBenchmarks.CaseCount:N0} on SQLite): ≤ {ReviewQueuePageMaxMs:0} ms per page",
                        string.Create(CultureInfo.InvariantCulture, $"{median:0.000} ms (median; mean: {mean:0.000} ms)"),
                        median <= ReviewQueuePageMaxMs));
                }
            }
        }

        if (lines.Count == 0)
        {
            return true;
        }

        output.WriteLine();
        output.WriteLine("// * Goals *");
        foreach (var (goal, measured, met) in lines)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{met switch { true => "met   ", false => "MISSED", null => "info  " }}  {goal}: {measured}"));
        }

        return lines.All(l => l.Met != false);
    }

    private static string Describe((double Median, double Mean) ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"{ratio.Median:0.000}× (medians; means: {ratio.Mean:0.000}×)");

    private static (double Median, double Mean)? Ratios(Summary summary, BenchmarkCase measured, BenchmarkCase? baseline)
    {
        var of = summary[measured]?.ResultStatistics;
        var to = baseline is null ? null : summary[baseline]?.ResultStatistics;
        return of is null || to is null || to.Median == 0 || to.Mean == 0 ? null : (of.Median / to.Median, of.Mean / to.Mean);
    }
}
