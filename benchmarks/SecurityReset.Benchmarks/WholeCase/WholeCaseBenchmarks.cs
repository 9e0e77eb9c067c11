using BenchmarkDotNet.Attributes;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// A whole happy-path case through the service on the in-memory adapters, against the bare cryptography that
/// case must do (the baseline), in the same run. The service is built once; before each case the adapters are
/// swapped for fresh, empty ones, and that swap is measured on its own (<see cref="FreshInMemoryAdapters"/>).
/// </summary>
[MemoryDiagnoser]
public class WholeCaseBenchmarks
{
    private BareCryptography _bare = null!;
    private AdapterRig _rig = null!;
    private HappyPath _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new BareCryptography(CryptoCensus.Take());
        _rig = new AdapterRig();
        _path = new HappyPath(_rig);
        if (Service_WholeCase().GetAwaiter().GetResult() != CaseState.Completed)
        {
            throw new InvalidOperationException("The happy path did not complete.");
        }
    }

    [Benchmark(Baseline = true)]
    public int BareCryptography_OfOneCase() => _bare.Run();

    [Benchmark]
    public Task<CaseState> Service_WholeCase()
    {
        _rig.Reset();
        return _path.RunAsync();
    }

    [Benchmark]
    public void FreshInMemoryAdapters() => _rig.Reset();
}
