using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Experimental;
using SecurityReset.Tests.Reliability.Model;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Whole cases through the service and the in-memory adapters, against <see cref="CaseModel"/> after every
/// operation. 10,000 generated sequences of up to 40 operations per run; SECURITYRESET_MODEL_RUNS raises the
/// count for long local runs (for example 1000000). A failure shrinks to a minimal operation sequence and prints
/// FsCheck's replay seed.
/// </summary>
public sealed class ModelBasedTests
{
    public const int DefaultRuns = 10_000;

    [Fact]
    public void Generated_case_histories_agree_with_the_model_after_every_operation()
    {
        var runs = Settings.Int("SECURITYRESET_MODEL_RUNS", DefaultRuns);
        var stats = ModelOp.Stats;
        var (sequences, operations, violations) = (stats["sequences"], stats["operations"], stats["violations"]);
        var blocked = Sync.Blocked;
        var clock = Stopwatch.StartNew();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true), StateMachine.ToProperty(new ResetMachine()));

        var ran = stats["sequences"] - sequences;
        var ops = stats["operations"] - operations;
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"model: {ran} sequences, {ops} operations (up to {ResetMachine.MaxOperations} each), {stats["violations"] - violations} violations, {clock.Elapsed.TotalSeconds:F1} s, {Sync.Blocked - blocked} calls that did not complete synchronously"));
        Report.Line("model answers: " + stats);
        Assert.True(ran >= runs, $"only {ran} sequences ran");
        Assert.Equal(0, stats["violations"] - violations);
    }
}
