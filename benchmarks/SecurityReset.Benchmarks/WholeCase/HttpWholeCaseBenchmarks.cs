using BenchmarkDotNet.Attributes;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// A whole happy-path case through the package's HTTP endpoints on Kestrel on loopback, against the same case through
/// the service in process (the baseline), in the same run. Each side has its own service and adapters, swapped for
/// fresh, empty ones before each case.
/// </summary>
[MemoryDiagnoser]
public class HttpWholeCaseBenchmarks
{
    private AdapterRig _inProcessRig = null!;
    private HappyPath _inProcess = null!;
    private AdapterRig _httpRig = null!;
    private HttpHappyPath _http = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inProcessRig = new AdapterRig();
        _inProcess = new HappyPath(_inProcessRig);
        _httpRig = new AdapterRig();
        _http = HttpHappyPath.StartAsync(_httpRig).GetAwaiter().GetResult();
        if (InProcess_WholeCase().GetAwaiter().GetResult() != CaseState.Completed || Http_WholeCase().GetAwaiter().GetResult() != CaseState.Completed)
        {
            throw new InvalidOperationException("The happy path did not complete.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _http.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<CaseState> InProcess_WholeCase()
    {
        _inProcessRig.Reset();
        return _inProcess.RunAsync();
    }

    [Benchmark]
    public Task<CaseState> Http_WholeCase()
    {
        _httpRig.Reset();
        return _http.RunAsync();
    }
}
