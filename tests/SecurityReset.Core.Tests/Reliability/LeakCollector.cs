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
    private readonly ConcurrentQueue<IAccountGuardStore> _guards = new();
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
        Directory: inner?.Directory,
        Idempotency: i => new RecordingIdempotency(inner?.Idempotency?.Invoke(i) ?? i, this));

    public World Watch(World world)
    {
        _guards.Enqueue(world.Guards);
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

        foreach (var guards in _guards)
        {
            foreach (var account in new[] { Accounts.AliceId, Accounts.BobId, Accounts.CarolId })
            {
                texts.Add("guard: " + JsonSerializer.Serialize(Sync.Run(guards.LoadAsync(account, CancellationToken.None))));
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

    private sealed class RecordingStore(IResetCaseStore inner, LeakCollector owner) : IResetCaseStore
    {
        public Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) => inner.LoadAsync(id, cancellationToken);

        public Task<StoreWriteResult> InsertAsync(StoredCase storedCase, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
        {
            owner._cases[storedCase.Id] = inner;
            return inner.InsertAsync(storedCase, events, cancellationToken);
        }

        public Task<StoreWriteResult> SaveAsync(StoredCase storedCase, long expectedVersion, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
            inner.SaveAsync(storedCase, expectedVersion, events, cancellationToken);

        public Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) => inner.FindOpenCaseAsync(accountId, cancellationToken);

        public Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
            inner.ListReviewQueueAsync(after, pageSize, cancellationToken);

        public Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
            inner.ListExpiredAsync(now, pageSize, cancellationToken);

        public Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) => inner.ListApprovedAsync(pageSize, cancellationToken);

        public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) => inner.ReadEventsAsync(id, cancellationToken);
    }

    private sealed class RecordingIdempotency(IIdempotencyStore inner, LeakCollector owner) : IIdempotencyStore
    {
        public Task<IdempotencyRecord?> TryBeginAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.TryBeginAsync(record, now, cancellationToken);

        public Task CompleteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
        {
            owner.Add("idempotency", JsonSerializer.Serialize(record));
            return inner.CompleteAsync(record, cancellationToken);
        }

        public Task AbandonAsync(string key, CancellationToken cancellationToken) => inner.AbandonAsync(key, cancellationToken);
    }
}
