using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Captures everything the library writes where a secret could leak: every log line at Trace and above (the
/// formatted message, each structured value and the exception), activity tags, exception messages the callers
/// saw, and — through store decorators — every stored case, event, guard and idempotent answer. Thread-safe.
/// </summary>
internal sealed class LeakCollector : ILoggerProvider
{
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ConcurrentQueue<string> _texts = new();
    private readonly ConcurrentDictionary<CaseId, IResetCaseStore> _cases = new();
    private readonly ConcurrentQueue<IResetCaseStore> _stores = new();
    private int _logLines;
    private int _exceptions;
    private readonly ActivityListener _activities;

    public LeakCollector()
    {
        Loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SecurityReset",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Add("activity", string.Join(" ", activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public ILoggerFactory Loggers { get; }

    public int LogLines => _logLines;

    public int Exceptions => _exceptions;

    /// <summary>Wraps a world's stores so that every case and guard it writes is found again for the scan.</summary>
    public PortWrappers Wrap(PortWrappers? inner = null) => new(
        Store: s => new RecordingStore(inner?.Store?.Invoke(s) ?? s, this),
        Messenger: inner?.Messenger,
        Identity: inner?.Identity,
        Directory: inner?.Directory);

    public World Watch(World world)
    {
        _stores.Enqueue(world.RawStore);
        Worlds.Enqueue(world);
        return world;
    }

    public ConcurrentQueue<World> Worlds { get; } = new();

    public void Saw(Exception exception)
    {
        Interlocked.Increment(ref _exceptions);
        Add("exception", exception.ToString());
    }

    public void Add(string where, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _texts.Enqueue(where + ": " + text);
        }
    }

    /// <summary>Everything captured, with every stored case as the store holds it (columns and payload), its events and the guards serialised as JSON.</summary>
    public (IReadOnlyList<string> Texts, int Cases, int Events) Snapshot()
    {
        var texts = _texts.ToList();
        var events = 0;
        foreach (var (id, store) in _cases)
        {
            // What the store holds, as a database would: the columns and the payload's bytes read as text (the binary
            // format keeps text as plain UTF-8), and the payload once more as the library reads it, written as JSON
            // with no escapes (a '+' written as \u002B would still count).
            var stored = Sync.Run(store.LoadAsync(id, CancellationToken.None));
            if (stored is null)
            {
                continue; // an insert the store refused (the account had an open case): nothing stored
            }

            texts.Add($"case: {stored.Id} {stored.AccountId} {stored.State} {stored.Version} {stored.ExpiresAt:O} {stored.SubmittedAt:O} {stored.DecidedAt:O} "
                + System.Text.Encoding.UTF8.GetString(stored.Payload.Span));
            texts.Add("case: " + JsonSerializer.Serialize(SecurityReset.Storage.CaseSnapshotSerializer.Deserialize(stored.Payload.Span), Unescaped));
            var trail = Sync.Run(store.ReadEventsAsync(id, CancellationToken.None));
            events += trail.Count;
            texts.Add("events: " + JsonSerializer.Serialize(trail));
        }

        foreach (var store in _stores.Distinct())
        {
            foreach (var account in new[] { Accounts.AliceId, Accounts.BobId, Accounts.CarolId })
            {
                texts.Add("guard: " + JsonSerializer.Serialize(Sync.Run(store.LoadGuardAsync(account, CancellationToken.None))));
            }

            if (store is SecurityReset.InMemory.InMemoryResetCaseStore memory)
            {
                // The messages still waiting, as stored: sealed payloads only.
                texts.AddRange(memory.Messages.Select(m => "outbox: " + System.Text.Encoding.UTF8.GetString(m.Payload.Span)));
            }
        }

        return (texts, _cases.Count, events);
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
        _activities.Dispose();
        Loggers.Dispose();
    }

    private sealed class Recorder(LeakCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Add("scope", state.ToString());
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref owner._logLines);
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            owner.Add($"log {category} {logLevel}", $"{formatter(state, exception)} | {values} | {exception}");
        }
    }

    /// <summary>Remembers every store a case and its outbox messages were committed to, and every idempotent answer.</summary>
    private sealed class RecordingStore(IResetCaseStore inner, LeakCollector owner) : DelegatingStore(inner)
    {
        public override Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
        {
            owner._cases[commit.Case.Id] = Inner;
            owner._stores.Enqueue(Inner);
            foreach (var message in commit.Messages)
            {
                // The outbox as a database would hold it: ids, times and the payload's bytes.
                owner.Add("outbox", $"{message.Id} {message.CaseId} {message.DueAt:O} {message.Attempts} " + System.Text.Encoding.UTF8.GetString(message.Payload.Span)
                    + " " + Convert.ToBase64String(message.Payload.Span));
            }

            if (commit.Idempotency is { } record)
            {
                owner.Add("idempotency", JsonSerializer.Serialize(record));
            }

            return base.CommitAsync(commit, cancellationToken);
        }
    }
}
