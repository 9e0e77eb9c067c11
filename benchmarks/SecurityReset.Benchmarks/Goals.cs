using System.Globalization;
using BenchmarkDotNet.Reports;
using SecurityReset.Benchmarks.Decide;
using SecurityReset.Benchmarks.WholeCase;

namespace SecurityReset.Benchmarks;

/// <summary>The goals the benchmarks check, read from the summaries of a run.</summary>
internal static class Goals
{
    /// <summary>The decider must cost no more than building and firing a Stateless machine.</summary>
    public const double DecideRatioMax = 1.0;

    /// <summary>The decider must allocate at most this much per command.</summary>
    public const long DecideAllocatedMax = 4096;

    /// <summary>A whole case must cost at most this many times its bare cryptography.</summary>
    public const double WholeCaseRatioMax = 3.0;

    /// <summary>Prints every goal the run measured; returns whether all of them were met.</summary>
    public static bool Report(IEnumerable<Summary> summaries, TextWriter output)
    {
        var lines = new List<(string Goal, string Measured, bool Met)>();
        foreach (var summary in summaries)
        {
            var cases = summary.BenchmarksCases;
            foreach (var decide in cases.Where(c => c.Descriptor.WorkloadMethod.Name == nameof(DecideBenchmarks.CaseDecider_Decide)))
            {
                var baseline = cases.FirstOrDefault(c => c.Descriptor.Baseline && c.Parameters.DisplayInfo == decide.Parameters.DisplayInfo && c.Job == decide.Job);
                var ratio = Ratio(summary, decide, baseline);
                var allocated = summary[decide]?.GcStats.GetBytesAllocatedPerOperation(decide);
                var command = decide.Parameters.DisplayInfo;
                if (ratio is not null)
                {
                    lines.Add(($"Decide {command}: ≤ {DecideRatioMax:0.0}× build-configure-fire Stateless", $"{ratio:0.000}×", ratio <= DecideRatioMax));
                }

                if (allocated is not null)
                {
                    lines.Add(($"Decide {command}: ≤ {DecideAllocatedMax} B allocated", $"{allocated} B", allocated <= DecideAllocatedMax));
                }
            }

            foreach (var whole in cases.Where(c => c.Descriptor.WorkloadMethod.Name == nameof(WholeCaseBenchmarks.Service_WholeCase)))
            {
                var baseline = cases.FirstOrDefault(c => c.Descriptor.Baseline && c.Job == whole.Job);
                var ratio = Ratio(summary, whole, baseline);
                if (ratio is not null)
                {
                    lines.Add(($"Whole case: ≤ {WholeCaseRatioMax:0.0}× its bare cryptography", $"{ratio:0.00}×", ratio <= WholeCaseRatioMax));
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
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(met ? "met   " : "MISSED")}  {goal}: {measured}"));
        }

        return lines.All(l => l.Met);
    }

    private static double? Ratio(Summary summary, BenchmarkDotNet.Running.BenchmarkCase measured, BenchmarkDotNet.Running.BenchmarkCase? baseline)
    {
        var mean = summary[measured]?.ResultStatistics?.Mean;
        var baseMean = baseline is null ? null : summary[baseline]?.ResultStatistics?.Mean;
        return mean is null || baseMean is null or 0 ? null : mean / baseMean;
    }
}
