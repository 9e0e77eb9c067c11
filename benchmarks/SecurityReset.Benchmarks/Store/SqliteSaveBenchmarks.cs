using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using SecurityReset.Benchmarks.Support;
using SecurityReset.Ports;
using SecurityReset.Storage;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// One save of a submitted case with one audit event, on a SQLite file: through
/// <c>EntityFrameworkCoreResetCaseStore.SaveAsync</c> (a fresh pooled context, the compare-and-swap
/// <c>UPDATE … WHERE Id = @id AND Version = @expected</c> and the event insert in one transaction), against the same
/// two statements written by hand with Microsoft.Data.Sqlite (the baseline) in the same run: same file, same table,
/// the same payload, one open connection with prepared commands, and the journal mode and synchronous level
/// read from the store's own connection. Each side writes its own row, one version further per save. The adapter's
/// side also writes the snapshot's payload on every save, as the service does before it calls the store; the
/// baseline reuses the bytes the adapter stored first.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance; the connection and commands are disposed in GlobalCleanup.
public class SqliteSaveBenchmarks
#pragma warning restore CA1001
{
    private static readonly Actor Reviewer = Actor.Reviewer(Fixtures.Reviewer);

    private SqliteStoreRig _rig = null!;
    private ResetCase _case = null!;
    private long _version;

    private SqliteConnection _raw = null!;
    private SqliteCommand _update = null!;
    private SqliteCommand _insertEvent = null!;
    private long _rawVersion;

    [GlobalSetup]
    public void Setup()
    {
        var path = SqliteStoreRig.TempFile($"securityreset-bench-save-{Environment.ProcessId}.db");
        SqliteStoreRig.Delete(path);
        _rig = new SqliteStoreRig(path);
        _rig.Store.EnsureSchemaAsync().GetAwaiter().GetResult();

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
            Console.WriteLine($"// Snapshot payload: {payload.Length} bytes");
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
        }

        if (Adapter_SaveAsync().GetAwaiter().GetResult() != StoreWriteResult.Written || Raw_UpdateAndInsertEvent() != 1)
        {
            throw new InvalidOperationException("A save did not write.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _update.Dispose();
        _insertEvent.Dispose();
        _raw.Dispose();
        SqliteStoreRig.Delete(_rig.Path);
    }

    [Benchmark(Baseline = true)]
    public int Raw_UpdateAndInsertEvent()
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
        transaction.Commit();
        _rawVersion = next;
        return updated;
    }

    [Benchmark]
    public async Task<StoreWriteResult> Adapter_SaveAsync()
    {
        var expected = _version;
        var next = expected + 1;
        var saved = _case with { Version = next };
        var result = await _rig.Store.CommitAsync(
            new CaseCommit(CaseSnapshotSerializer.ToStored(saved), expected, [new CaseEvent(saved.Id, next, "BenchmarkSave", Fixtures.Now, Reviewer, null)], null, null, [], [], Fixtures.Now),
            CancellationToken.None);
        if (result == StoreWriteResult.Written)
        {
            _version = next;
        }

        return result;
    }
}
