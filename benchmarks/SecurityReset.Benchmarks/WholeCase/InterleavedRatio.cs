using System.Diagnostics;
using System.Globalization;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// The whole case against its bare cryptography, measured in alternating blocks of a few milliseconds each, so
/// that both see the same load from the rest of the machine (BenchmarkDotNet measures one benchmark after the
/// other, minutes apart). Reports the median of the per-round ratios.
/// </summary>
internal static class InterleavedRatio
{
    private const int Rounds = 41;
    private const int CasesPerBlock = 20;

    public static async Task<string> RunAsync()
    {
        var census = CryptoCensus.Take();
        var bare = new BareCryptography(census);
        var rig = new AdapterRig();
        var path = new HappyPath(rig);
        for (var i = 0; i < 200; i++)
        {
            bare.Run();
            rig.Reset();
            await path.RunAsync();
        }

        var wall = new List<double>();
        var wholeMicros = new List<double>();
        var bareMicros = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var bareWall = Measure(() =>
            {
                for (var i = 0; i < CasesPerBlock; i++)
                {
                    bare.Run();
                }

                return Task.CompletedTask;
            });
            var wholeWall = Measure(async () =>
            {
                for (var i = 0; i < CasesPerBlock; i++)
                {
                    rig.Reset();
                    await path.RunAsync();
                }
            });
            wall.Add(wholeWall / bareWall);
            wholeMicros.Add(wholeWall / CasesPerBlock);
            bareMicros.Add(bareWall / CasesPerBlock);
        }

        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"""
            ## Whole case against its bare cryptography, interleaved

            {Rounds} rounds; each round times {CasesPerBlock} bare-cryptography runs, then {CasesPerBlock} whole cases through the service
            (fresh in-memory adapters included), so both meet the same load. The bare cryptography includes what the record
            and the outbox add, in the numbers counted on the same path: {census.SnapshotsWritten} snapshots MACed and {census.SnapshotsRead} checked
            ({census.SnapshotBytes} bytes each), {census.EventsSealed} audit events sealed and {census.EventsVerified} verified, {census.MessagesSealed} outbox messages
            sealed and {census.MessagesOpened} opened ({census.MessageBytes} bytes each), {census.CredentialsIssued} credentials issued and {census.CredentialChecks} checked,
            {census.DisputeTokens} dispute tokens. Medians over the rounds:

            | Measure | Bare cryptography / case | Whole case / case | Whole case ÷ bare cryptography |
            |---|---:|---:|---:|
            | wall clock | {Median(bareMicros):N1} µs | {Median(wholeMicros):N1} µs | {Median(wall):0.00}× |

            """);
    }

    private static double Measure(Func<Task> block)
    {
        var clock = Stopwatch.StartNew();
        block().GetAwaiter().GetResult();
        return clock.Elapsed.TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
