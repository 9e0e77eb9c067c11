using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using SecurityReset.Benchmarks;
using SecurityReset.Benchmarks.Footprint;
using SecurityReset.Benchmarks.Store;

// Usage (from the repository root; see README.md):
//   dotnet run -c Release --project benchmarks/SecurityReset.Benchmarks -- --filter '*'            the full set
//   dotnet run -c Release --project benchmarks/SecurityReset.Benchmarks -- --quick --filter '*'    the short regression run
//   dotnet run -c Release --project benchmarks/SecurityReset.Benchmarks -- --report [file.md]      memory per case, serialized size,
//                                                                                                  and the whole-case ratio measured interleaved
//   dotnet run -c Release --project benchmarks/SecurityReset.Benchmarks -- --save-ratio [file.md]  the store commit against its raw
//                                                                                                  statements, measured interleaved
// --check (with a run) makes a missed goal fail the process. Every other argument goes to BenchmarkDotNet.
var rest = new List<string>(args);
var quick = rest.Remove("--quick");
var check = rest.Remove("--check");
var reportAt = rest.IndexOf("--report");
if (reportAt >= 0)
{
    var file = reportAt + 1 < rest.Count ? rest[reportAt + 1] : null;
    var report = await FootprintReport.RunAsync() + Environment.NewLine + await SecurityReset.Benchmarks.WholeCase.InterleavedRatio.RunAsync();
    Console.WriteLine(report);
    if (file is not null)
    {
        await File.WriteAllTextAsync(file, report);
    }

    return 0;
}

var saveRatioAt = rest.IndexOf("--save-ratio");
if (saveRatioAt >= 0)
{
    var file = saveRatioAt + 1 < rest.Count ? rest[saveRatioAt + 1] : null;
    var report = await InterleavedSaveRatio.RunAsync();
    Console.WriteLine(report);
    if (file is not null)
    {
        await File.WriteAllTextAsync(file, report);
    }

    return 0;
}

IConfig config = DefaultConfig.Instance;
if (quick)
{
    // In process (no generated project to build), four warm-ups and nine 60 ms iterations per benchmark: the whole
    // set runs in about a minute. Absolute times are rough; the goals read ratios of medians, which hold up better.
    config = config.AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(4)
        .WithIterationCount(9)
        .WithIterationTime(TimeInterval.FromMilliseconds(60))
        .WithId("Quick"));
}

// The PostgreSQL benchmarks need the server SECURITYRESET_POSTGRES names: when a run would include them and there
// is none, they are left out with a line saying why, and the rest runs.
var types = typeof(Goals).Assembly.GetTypes()
    .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: false)))
    .ToList();
if (Selection.MayRun(typeof(PostgresSaveBenchmarks), rest) && PostgresStoreRig.Probe() is (false, var why))
{
    types.Remove(typeof(PostgresSaveBenchmarks));
    Console.WriteLine($"// {nameof(PostgresSaveBenchmarks)} skipped: {why}.");
}

var summaries = BenchmarkSwitcher.FromTypes([.. types]).Run([.. rest], config);
var met = Goals.Report(summaries, Console.Out);
return check && !met ? 1 : 0;
