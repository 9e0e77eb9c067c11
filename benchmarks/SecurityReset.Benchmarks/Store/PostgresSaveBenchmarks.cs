using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Npgsql;
using NpgsqlTypes;
using SecurityReset.Benchmarks.Support;
using SecurityReset.EntityFrameworkCore;
using SecurityReset.Ports;
using SecurityReset.Storage;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// The PostgreSQL twin of <see cref="SqliteSaveBenchmarks"/>: one commit of a submitted case with one audit event and
/// one outbox message (200 random bytes) through <c>EntityFrameworkCoreResetCaseStore.CommitAsync</c> on Npgsql's EF
/// Core provider, against the same three statements written by hand with Npgsql (the baseline) in the same run: the
/// compare-and-swap <c>UPDATE</c> of the case, the event <c>INSERT</c> and the outbox <c>INSERT</c> in one
/// transaction, on one open connection with prepared commands, asynchronous like the store. Same server, same schema
/// (one of its own per process, dropped at the end), same tables and payloads; each side writes its own case row, one
/// version further per commit, and one outbox row with a fresh id per commit. The adapter's side also writes the
/// snapshot's payload on every commit, as the service does before it calls the store.
/// <c>Adapter_CommitAsync_AutoPrepare</c> is the same store on a connection string with Npgsql's automatic
/// preparation on (<c>Max Auto Prepare=16</c>), for comparison: the store's commands are not prepared otherwise.
/// The server is the one <c>SECURITYRESET_POSTGRES</c> names; without one the program skips this class (Program.cs).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ServerVersionConfig))]
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance; the connection and commands are disposed in GlobalCleanup.
public class PostgresSaveBenchmarks
#pragma warning restore CA1001
{
    private static readonly Actor Reviewer = Actor.Reviewer(Fixtures.Reviewer);

    private PostgresStoreRig _rig = null!;
    private EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> _autoPrepareStore = null!;
    private ResetCase _case = null!;
    private long _version;
    private ResetCase _autoPrepareCase = null!;
    private long _autoPrepareVersion;
    private byte[] _messagePayload = null!;

    private NpgsqlConnection _raw = null!;
    private NpgsqlCommand _update = null!;
    private NpgsqlCommand _insertEvent = null!;
    private NpgsqlCommand _insertMessage = null!;
    private long _rawVersion;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _update.Dispose();
        _insertEvent.Dispose();
        _insertMessage.Dispose();
        _raw.Dispose();
        _rig.DropSchemaAsync().GetAwaiter().GetResult();
        NpgsqlConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Raw_UpdateEventAndOutbox()
    {
        var expected = _rawVersion;
        var next = expected + 1;
        await using var transaction = await _raw.BeginTransactionAsync();
        _update.Parameters[0].Value = next;
        _update.Parameters[7].Value = expected;
        var updated = await _update.ExecuteNonQueryAsync();
        if (updated == 0)
        {
            return 0;
        }

        _insertEvent.Parameters[1].Value = next;
        await _insertEvent.ExecuteNonQueryAsync();
        _insertMessage.Parameters[0].Value = Guid.NewGuid();
        await _insertMessage.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        _rawVersion = next;
        return updated;
    }

    [Benchmark]
    public async Task<StoreWriteResult> Adapter_CommitAsync()
    {
        var expected = _version;
        var result = await _rig.Store.CommitAsync(Commit(_case, expected), CancellationToken.None);
        if (result == StoreWriteResult.Written)
        {
            _version = expected + 1;
        }

        return result;
    }

    [Benchmark]
    public async Task<StoreWriteResult> Adapter_CommitAsync_AutoPrepare()
    {
        var expected = _autoPrepareVersion;
        var result = await _autoPrepareStore.CommitAsync(Commit(_autoPrepareCase, expected), CancellationToken.None);
        if (result == StoreWriteResult.Written)
        {
            _autoPrepareVersion = expected + 1;
        }

        return result;
    }

    private CaseCommit Commit(ResetCase current, long expected)
    {
        var next = expected + 1;
        var saved = current with { Version = next };
        return new CaseCommit(
            CaseSnapshotSerializer.ToStored(saved),
            expected,
            [new CaseEvent(saved.Id, next, "BenchmarkSave", Fixtures.Now, Reviewer, null)],
            null,
            null,
            [new OutboxMessage(Guid.NewGuid(), saved.Id, Fixtures.Now, 0, _messagePayload)],
            [],
            Fixtures.Now);
    }

    private async Task SetupAsync()
    {
        var connectionString = PostgresStoreRig.ConfiguredConnectionString
            ?? throw new InvalidOperationException($"{PostgresStoreRig.Variable} is not set: the program skips this class without it.");
        _rig = new PostgresStoreRig(connectionString);
        await _rig.Store.EnsureSchemaAsync();
        _autoPrepareStore = _rig.StoreWith(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 16 }.ConnectionString);
        _messagePayload = RandomNumberGenerator.GetBytes(SqliteSaveBenchmarks.MessagePayloadBytes);

        // Three rows of the same submitted case under three ids and accounts: the adapter's, the auto-prepared
        // adapter's and the baseline's.
        var submitted = SqliteStoreRig.SubmittedCase();
        _case = submitted with { Account = submitted.Account with { AccountId = "U-ADAPTER" } };
        _autoPrepareCase = submitted with { Id = CaseId.New(), Account = submitted.Account with { AccountId = "U-ADAPTER-PREPARED" } };
        var rawCase = submitted with { Id = CaseId.New(), Account = submitted.Account with { AccountId = "U-RAW" } };
        foreach (var c in new[] { _case, _autoPrepareCase, rawCase })
        {
            if (await _rig.Store.CommitAsync(new CaseCommit(CaseSnapshotSerializer.ToStored(c), 0, [], null, null, [], [], Fixtures.Now), CancellationToken.None) != StoreWriteResult.Written)
            {
                throw new InvalidOperationException("The case was not inserted.");
            }
        }

        _version = _case.Version;
        _autoPrepareVersion = _autoPrepareCase.Version;
        _rawVersion = rawCase.Version;

        _raw = new NpgsqlConnection(connectionString);
        await _raw.OpenAsync();
        byte[] payload;
        await using (var read = _raw.CreateCommand())
        {
            read.CommandText = "SHOW server_version";
            Console.WriteLine($"// PostgreSQL server_version: {await read.ExecuteScalarAsync()}");
            read.CommandText = "SHOW synchronous_commit";
            Console.WriteLine($"// PostgreSQL synchronous_commit (both sides): {await read.ExecuteScalarAsync()}");

            // The stored payload, exactly as the adapter wrote it.
#pragma warning disable CA2100 // The table names come from the rig: a generated schema name and a constant.
            read.CommandText = $"SELECT \"Payload\" FROM {_rig.Table("SecurityResetCases")} WHERE \"Id\" = @id";
#pragma warning restore CA2100
            read.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, rawCase.Id.Value);
            payload = (byte[])(await read.ExecuteScalarAsync())!;
            Console.WriteLine($"// Snapshot payload: {payload.Length} bytes; outbox payload: {_messagePayload.Length} bytes");
        }

#pragma warning disable CA2100 // The table names come from the rig: a generated schema name and constants.
        _update = new NpgsqlCommand(
            $"UPDATE {_rig.Table("SecurityResetCases")} SET \"Version\" = @next, \"State\" = @state, \"ExpiresAtUtcTicks\" = @expires, "
            + "\"SubmittedAtUtcTicks\" = @submitted, \"DecidedAtUtcTicks\" = @decided, \"Payload\" = @payload "
            + "WHERE \"Id\" = @id AND \"Version\" = @expected",
            _raw);
        _update.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.Bigint));
        _update.Parameters.AddWithValue("state", NpgsqlDbType.Varchar, rawCase.State.ToString());
        _update.Parameters.AddWithValue("expires", NpgsqlDbType.Bigint, rawCase.ExpiresAt.UtcTicks);
        _update.Parameters.AddWithValue("submitted", NpgsqlDbType.Bigint, rawCase.SubmittedAt!.Value.UtcTicks);
        _update.Parameters.AddWithValue("decided", NpgsqlDbType.Bigint, DBNull.Value);
        _update.Parameters.AddWithValue("payload", NpgsqlDbType.Bytea, payload);
        _update.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, rawCase.Id.Value);
        _update.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Bigint));

        _insertEvent = new NpgsqlCommand(
            $"INSERT INTO {_rig.Table("SecurityResetCaseEvents")} (\"CaseId\", \"Version\", \"Sequence\", \"Type\", \"OccurredAtUtcTicks\", \"ActorKind\", \"ActorId\", \"Detail\") "
            + "VALUES (@id, @version, 0, @type, @at, @kind, @actor, NULL)",
            _raw);
        _insertEvent.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, rawCase.Id.Value);
        _insertEvent.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Bigint));
        _insertEvent.Parameters.AddWithValue("type", NpgsqlDbType.Varchar, "BenchmarkSave");
        _insertEvent.Parameters.AddWithValue("at", NpgsqlDbType.Bigint, Fixtures.Now.UtcTicks);
        _insertEvent.Parameters.AddWithValue("kind", NpgsqlDbType.Varchar, Reviewer.Kind.ToString());
        _insertEvent.Parameters.AddWithValue("actor", NpgsqlDbType.Varchar, Reviewer.Id);

        _insertMessage = new NpgsqlCommand(
            $"INSERT INTO {_rig.Table("SecurityResetOutbox")} (\"Id\", \"CaseId\", \"DueAtUtcTicks\", \"Attempts\", \"ClaimToken\", \"Payload\") "
            + "VALUES (@id, @case, @due, 0, NULL, @payload)",
            _raw);
#pragma warning restore CA2100
        _insertMessage.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid));
        _insertMessage.Parameters.AddWithValue("case", NpgsqlDbType.Uuid, rawCase.Id.Value);
        _insertMessage.Parameters.AddWithValue("due", NpgsqlDbType.Bigint, Fixtures.Now.UtcTicks);
        _insertMessage.Parameters.AddWithValue("payload", NpgsqlDbType.Bytea, _messagePayload);

        foreach (var command in new[] { _update, _insertEvent, _insertMessage })
        {
            await command.PrepareAsync();
        }

        if (await Adapter_CommitAsync() != StoreWriteResult.Written
            || await Adapter_CommitAsync_AutoPrepare() != StoreWriteResult.Written
            || await Raw_UpdateEventAndOutbox() != 1)
        {
            throw new InvalidOperationException("A commit did not write.");
        }

        await using var check = _raw.CreateCommand();
#pragma warning disable CA2100 // As above.
        check.CommandText = $"SELECT count(*), count(DISTINCT length(\"Payload\")) FROM {_rig.Table("SecurityResetOutbox")}";
#pragma warning restore CA2100
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetInt64(0) != 3 || reader.GetInt64(1) != 1)
        {
            throw new InvalidOperationException("The outbox rows are not what the three commits wrote.");
        }
    }

    /// <summary>Adds the server's version to the results table.</summary>
    private sealed class ServerVersionConfig : ManualConfig
    {
        public ServerVersionConfig() => AddColumn(new PostgresServerVersionColumn());
    }
}
