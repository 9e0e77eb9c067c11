using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using SecurityReset.Benchmarks.Support;
using SecurityReset.Ports;
using SecurityReset.Storage;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// One commit of a submitted case with one audit event and one outbox message, on a SQLite file: through
/// <c>EntityFrameworkCoreResetCaseStore.CommitAsync</c> (a fresh pooled context, the compare-and-swap
/// <c>UPDATE … WHERE Id = @id AND Version = @expected</c>, the event insert and the outbox insert in one
/// transaction), against the same three statements written by hand with Microsoft.Data.Sqlite (the baseline) in
/// the same run: same file, same tables, the same payloads, one open connection with prepared commands, and the
/// journal mode and synchronous level read from the store's own connection. Each side writes its own case row, one
/// version further per commit, and one outbox row with a fresh id per commit (both sides alike: the outbox grows by
/// one row per commit on either side). The adapter's side also writes the snapshot's payload on every commit, as
/// the service does before it calls the store; the baseline reuses the bytes the adapter stored first. The outbox
/// payload is the same 200 random bytes on both sides (a sealed message's size; sealing is the service's work, not
/// the store's).
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance; the connection and commands are disposed in GlobalCleanup.
public class SqliteSaveBenchmarks
#pragma warning restore CA1001
{
    /// <summary>The size of the outbox message's sealed payload.</summary>
    public const int MessagePayloadBytes = 200;

    private static readonly Actor Reviewer = Actor.Reviewer(Fixtures.Reviewer);

    private SqliteStoreRig _rig = null!;
    private ResetCase _case = null!;
    private long _version;
    private byte[] _messagePayload = null!;

    private SqliteConnection _raw = null!;
    private SqliteCommand _update = null!;
    private SqliteCommand _insertEvent = null!;
    private SqliteCommand _insertMessage = null!;
    private long _rawVersion;

    [GlobalSetup]
    public void Setup()
    {
        var path = SqliteStoreRig.TempFile($"securityreset-bench-save-{Environment.ProcessId}.db");
        SqliteStoreRig.Delete(path);
        _rig = new SqliteStoreRig(path);
        _rig.Store.EnsureSchemaAsync().GetAwaiter().GetResult();
        _messagePayload = RandomNumberGenerator.GetBytes(MessagePayloadBytes);

        // The adapter's row and the baseline's row: the same submitted case under two ids and accounts.
        var submitted = SqliteStoreRig.SubmittedCase();
        _case = submitted with { Account = submitted.Account with { AccountId = "U-ADAPTER" } };
        var rawCase = submitted with { Id = CaseId.New(), Account = submitted.Account with { AccountId = "U-RAW" } };
        foreach (var c in new[] { _case, rawCase })
        {
            if (_rig.Store.CommitAsync(new CaseCommit(CaseSnapshotSerializer.ToStored(c), 0, [], null, null, [], [], Fixtures.Now), CancellationToken.None).GetAwaiter().GetResult() != StoreWriteResult.Written)
            {
                throw new InvalidOperationException("The case was not inserted.");
            }
        }

        _version = _case.Version;
        _rawVersion = rawCase.Version;

        var (journalMode, synchronous) = _rig.ConnectionSettings();
        _raw = new SqliteConnection(_rig.ConnectionString);
        _raw.Open();
        using (var pragma = _raw.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA busy_timeout = 5000; PRAGMA journal_mode = {journalMode}; PRAGMA synchronous = {synchronous};";
            pragma.ExecuteNonQuery();
            pragma.CommandText = "PRAGMA journal_mode";
            var rawJournal = (string)pragma.ExecuteScalar()!;
            pragma.CommandText = "PRAGMA synchronous";
            var rawSynchronous = (long)pragma.ExecuteScalar()!;
            if (!string.Equals(rawJournal, journalMode, StringComparison.OrdinalIgnoreCase) || rawSynchronous != synchronous)
            {
                throw new InvalidOperationException("The raw connection's settings differ from the store's.");
            }

            Console.WriteLine($"// SQLite settings of both sides: journal_mode={journalMode}, synchronous={synchronous}");

            // The stored id text and the stored payload, exactly as the adapter wrote them.
            pragma.CommandText = "SELECT Id, Payload FROM SecurityResetCases WHERE AccountId = 'U-RAW'";
            using var reader = pragma.ExecuteReader();
            reader.Read();
            var rawId = reader.GetString(0);
            var payload = (byte[])reader.GetValue(1);
            Console.WriteLine($"// Snapshot payload: {payload.Length} bytes; outbox payload: {_messagePayload.Length} bytes");
            reader.Close();

            _update = _raw.CreateCommand();
            _update.CommandText =
                "UPDATE SecurityResetCases SET Version = @next, State = @state, ExpiresAtUtcTicks = @expires, "
                + "SubmittedAtUtcTicks = @submitted, DecidedAtUtcTicks = @decided, Payload = @payload "
                + "WHERE Id = @id AND Version = @expected";
            _update.Parameters.Add("@next", SqliteType.Integer);
            _update.Parameters.AddWithValue("@state", rawCase.State.ToString());
            _update.Parameters.AddWithValue("@expires", rawCase.ExpiresAt.UtcTicks);
            _update.Parameters.AddWithValue("@submitted", rawCase.SubmittedAt!.Value.UtcTicks);
            _update.Parameters.AddWithValue("@decided", DBNull.Value);
            _update.Parameters.AddWithValue("@payload", payload);
            _update.Parameters.AddWithValue("@id", rawId);
            _update.Parameters.Add("@expected", SqliteType.Integer);
            _update.Prepare();

            _insertEvent = _raw.CreateCommand();
            _insertEvent.CommandText =
                "INSERT INTO SecurityResetCaseEvents (CaseId, Version, Sequence, Type, OccurredAtUtcTicks, ActorKind, ActorId, Detail) "
                + "VALUES (@id, @version, 0, @type, @at, @kind, @actor, NULL)";
            _insertEvent.Parameters.AddWithValue("@id", rawId);
            _insertEvent.Parameters.Add("@version", SqliteType.Integer);
            _insertEvent.Parameters.AddWithValue("@type", "BenchmarkSave");
            _insertEvent.Parameters.AddWithValue("@at", Fixtures.Now.UtcTicks);
            _insertEvent.Parameters.AddWithValue("@kind", Reviewer.Kind.ToString());
            _insertEvent.Parameters.AddWithValue("@actor", Reviewer.Id);
            _insertEvent.Prepare();

            // The message id is a fresh Guid per commit, bound as TEXT: Microsoft.Data.Sqlite writes it in the
            // upper-case form the store's Guid mapping writes (the setup checks the two rows alike below).
            _insertMessage = _raw.CreateCommand();
            _insertMessage.CommandText =
                "INSERT INTO SecurityResetOutbox (Id, CaseId, DueAtUtcTicks, Attempts, ClaimToken, Payload) "
                + "VALUES (@id, @case, @due, 0, NULL, @payload)";
            _insertMessage.Parameters.Add("@id", SqliteType.Text);
            _insertMessage.Parameters.AddWithValue("@case", rawId);
            _insertMessage.Parameters.AddWithValue("@due", Fixtures.Now.UtcTicks);
            _insertMessage.Parameters.AddWithValue("@payload", _messagePayload);
            _insertMessage.Prepare();
        }

        if (Adapter_CommitAsync().GetAwaiter().GetResult() != StoreWriteResult.Written || Raw_UpdateEventAndOutbox() != 1)
        {
            throw new InvalidOperationException("A commit did not write.");
        }

        CheckRowsAlike();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _update.Dispose();
        _insertEvent.Dispose();
        _insertMessage.Dispose();
        _raw.Dispose();
        SqliteStoreRig.Delete(_rig.Path);
    }

    [Benchmark(Baseline = true)]
    public int Raw_UpdateEventAndOutbox()
    {
        var expected = _rawVersion;
        var next = expected + 1;
        using var transaction = _raw.BeginTransaction();
        _update.Transaction = transaction;
        _update.Parameters[0].Value = next;
        _update.Parameters[7].Value = expected;
        var updated = _update.ExecuteNonQuery();
        if (updated == 0)
        {
            return 0;
        }

        _insertEvent.Transaction = transaction;
        _insertEvent.Parameters[1].Value = next;
        _insertEvent.ExecuteNonQuery();
        _insertMessage.Transaction = transaction;
        _insertMessage.Parameters[0].Value = Guid.NewGuid();
        _insertMessage.ExecuteNonQuery();
        transaction.Commit();
        _rawVersion = next;
        return updated;
    }

    [Benchmark]
    public async Task<StoreWriteResult> Adapter_CommitAsync()
    {
        var expected = _version;
        var next = expected + 1;
        var saved = _case with { Version = next };
        var result = await _rig.Store.CommitAsync(
            new CaseCommit(
                CaseSnapshotSerializer.ToStored(saved),
                expected,
                [new CaseEvent(saved.Id, next, "BenchmarkSave", Fixtures.Now, Reviewer, null)],
                null,
                null,
                [new OutboxMessage(Guid.NewGuid(), saved.Id, Fixtures.Now, 0, _messagePayload)],
                [],
                Fixtures.Now),
            CancellationToken.None);
        if (result == StoreWriteResult.Written)
        {
            _version = next;
        }

        return result;
    }

    // The two sides' outbox rows and events are stored alike: the same SQLite storage classes, lengths and id form.
    private void CheckRowsAlike()
    {
        using var check = _raw.CreateCommand();
        check.CommandText =
            "SELECT count(DISTINCT typeof(o.Id) || '/' || length(o.Id) || '/' || (o.Id = upper(o.Id)) || '/' || typeof(o.CaseId) || '/' || typeof(o.Payload) || '/' || length(o.Payload) || '/' || typeof(o.DueAtUtcTicks) || '/' || typeof(o.Attempts)), count(*) "
            + "FROM SecurityResetOutbox o";
        using var reader = check.ExecuteReader();
        reader.Read();
        if (reader.GetInt64(0) != 1 || reader.GetInt64(1) != 2)
        {
            throw new InvalidOperationException("The adapter's and the baseline's outbox rows are not stored alike.");
        }
    }
}
