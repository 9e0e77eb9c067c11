using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.Tests.Service;

/// <summary>A reseal pass reports its progress in the log: one line per batch, and the pass's totals at its end, nothing personal.</summary>
public sealed class ResealLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_batch_logs_its_counts_and_position_and_the_end_of_a_pass_says_whether_anything_is_left()
    {
        var stores = StoreSet.InMemory();
        var old = new World(stores: stores);
        _ = await old.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), Ct);
        Assert.True((await old.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.BobId, Channel.Web), cancellationToken: Ct)).Succeeded);
        Assert.True((await old.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct)).Succeeded);

        using var log = new RecordingLog();
        var newSecret = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i + 99))]);
        var rotated = new World(o => { o.SecretKey = newSecret; o.PreviousSecretKeys.Add(World.SecretKey); }, stores, loggers: log.Factory);
        rotated.Clock.SetUtcNow(old.Clock.GetUtcNow());

        var first = await rotated.Service.ResealAsync(null, 2, Ct);
        var second = await rotated.Service.ResealAsync(first.Next, 2, Ct);

        Assert.Equal((2, 2, 0, 0), (first.Scanned, first.Resealed, first.Quarantined, first.Left));
        Assert.NotNull(first.Next);
        Assert.Equal((1, 1, null), (second.Scanned, second.Resealed, second.Next));
        var batches = log.Lines.Where(l => l.Id == 16).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(("2", "2", "0", "0", first.Next.ToString()), (batches[0]["Scanned"], batches[0]["Resealed"], batches[0]["Quarantined"], batches[0]["Left"], batches[0]["Position"]));
        Assert.Equal(("1", "1", string.Empty), (batches[1]["Scanned"], batches[1]["Resealed"], batches[1]["Position"]));
        var end = Assert.Single(log.Lines, l => l.Id == 17);
        Assert.Equal(("True", "3", "False"), (end["FromStart"], end["Resealed"], end["NothingLeft"]));

        // The next pass finds nothing under the previous key: the old key can go.
        Assert.Null((await rotated.Service.ResealAsync(null, 10, Ct)).Next);
        var confirmed = log.Lines.Where(l => l.Id == 17).Last();
        Assert.Equal(("True", "0", "True"), (confirmed["FromStart"], confirmed["Resealed"], confirmed["NothingLeft"]));

        // A pass resumed part-way (after a restart, say) says it did not see the first cases.
        Assert.Null((await rotated.Service.ResealAsync(first.Next, 10, Ct)).Next);
        Assert.Equal(("False", "False"), (log.Lines[^1]["FromStart"], log.Lines[^1]["NothingLeft"]));

        Assert.All(log.Lines, l => Assert.DoesNotContain(Accounts.PersonalValues, v => l.Text.Contains(v, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Records each log line's event id, text and structured values.</summary>
    private sealed class RecordingLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<Line> _lines = new();

        public RecordingLog() => Factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

        public ILoggerFactory Factory { get; }

        public IReadOnlyList<Line> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void Dispose() => Factory.Dispose();

        public sealed record Line(int Id, string Text, IReadOnlyDictionary<string, string> Values)
        {
            public string this[string name] => Values[name];
        }

        private sealed class Recorder(RecordingLog owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? pairs.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal)
                    : [];
                owner._lines.Enqueue(new Line(eventId.Id, formatter(state, exception), values));
            }
        }
    }
}
