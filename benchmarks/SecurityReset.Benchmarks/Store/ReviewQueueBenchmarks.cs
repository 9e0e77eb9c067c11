using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using SecurityReset.Benchmarks.Support;
using SecurityReset.Ports;
using SecurityReset.Storage;

namespace SecurityReset.Benchmarks.Store;

/// <summary>
/// One page of the review queue (<c>ListReviewQueueAsync</c>, 50 cases) through the EF Core store over
/// 1,000,000 stored cases in a SQLite file, each case read back into its snapshot as the service does: the first
/// page, and the page after a cursor 900,000 cases deep.
/// The table is filled once, with a raw bulk insert in one transaction; the filled file is kept in the temp folder
/// and used again by later runs while it holds the right number of rows.
/// </summary>
[MemoryDiagnoser]
public class ReviewQueueBenchmarks
{
    public const int PageSize = 50;
    public const int CaseCount = 1_000_000;

    /// <summary>Where the deep page's cursor stands (a submitted case).</summary>
    public const int DeepCursorAt = 900_001;

    // Change the version when the schema, the snapshot or the fill changes: an older cached file is then left alone.
    private const string FileName = "securityreset-bench-queue-1000000-v3.db";

    private static readonly long FirstSubmittedTicks = Fixtures.Now.UtcTicks - (CaseCount * TimeSpan.TicksPerSecond);

    private SqliteStoreRig _rig = null!;
    private ReviewQueueCursor _deepCursor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = SqliteStoreRig.TempFile(FileName);
        if (CountCases(path) != CaseCount)
        {
            Fill(path);
        }

        _rig = new SqliteStoreRig(path);
        _deepCursor = new ReviewQueueCursor(new DateTimeOffset(SubmittedTicks(DeepCursorAt), TimeSpan.Zero), new CaseId(IdOf(DeepCursorAt)));

        // Both pages are full, in queue order, and the deep page starts right after its cursor.
        var first = PageAsync(null).GetAwaiter().GetResult();
        var deep = PageAsync(_deepCursor).GetAwaiter().GetResult();
        if (first.Count != PageSize || deep.Count != PageSize || first.Any(c => c.State != CaseState.Submitted) || deep[0].SubmittedAt!.Value.UtcTicks <= _deepCursor.SubmittedAt.UtcTicks)
        {
            throw new InvalidOperationException("The review queue pages are not what the fill put in.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => SqliteConnection.ClearAllPools();

    [Benchmark]
    public async Task<int> ReviewQueue_FirstPage() => (await PageAsync(null).ConfigureAwait(false)).Count;

    [Benchmark]
    public async Task<int> ReviewQueue_DeepPage() => (await PageAsync(_deepCursor).ConfigureAwait(false)).Count;

    private async Task<IReadOnlyList<ResetCase>> PageAsync(ReviewQueueCursor? after)
    {
        var page = await _rig.Store.ListReviewQueueAsync(after, PageSize, CancellationToken.None);
        return [.. page.Select(CaseSnapshotSerializer.FromStored)];
    }

    // Row i (0-based): submitted one second after row i - 1; every tenth row is a completed case, out of the queue.
    private static bool IsSubmitted(int i) => i % 10 != 9;

    private static long SubmittedTicks(int i) => FirstSubmittedTicks + (i * TimeSpan.TicksPerSecond);

    // Ids whose text sorts like the row number (the first group is the number in hexadecimal), so every index of
    // the table is filled in order.
    private static Guid IdOf(int i) => new(i, 0x5ec0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1);

    private static long CountCases(string path)
    {
        if (!File.Exists(path))
        {
            return -1;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM SecurityResetCases";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return -1;
        }
    }

    private static void Fill(string path)
    {
        var clock = Stopwatch.StartNew();
        var filling = path + ".filling";
        SqliteStoreRig.Delete(path);
        SqliteStoreRig.Delete(filling);

        // The schema through the store, and the payload of a submitted case exactly as the store writes it.
        var rig = new SqliteStoreRig(filling);
        rig.Store.EnsureSchemaAsync().GetAwaiter().GetResult();
        var sample = SqliteStoreRig.SubmittedCase();
        rig.Store.CommitAsync(new CaseCommit(CaseSnapshotSerializer.ToStored(sample), 0, [], null, null, [], [], Fixtures.Now), CancellationToken.None).GetAwaiter().GetResult();
        string snapshot;
        using (var connection = new SqliteConnection(rig.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Payload FROM SecurityResetCases; DELETE FROM SecurityResetCases;";
            snapshot = System.Text.Encoding.UTF8.GetString((byte[])command.ExecuteScalar()!);
        }

        SqliteConnection.ClearAllPools();

        // Each row's payload carries its own id and account, as the columns do; everything else is the sample's.
        var sampleId = sample.Id.Value.ToString();
        var accountToken = $"\"AccountId\":\"{sample.Account.AccountId}\"";
        var at = snapshot.IndexOf(sampleId, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || snapshot.IndexOf(sampleId, at + 1, StringComparison.OrdinalIgnoreCase) >= 0
            || snapshot.IndexOf(accountToken, StringComparison.Ordinal) is var accountAt && (accountAt < 0 || snapshot.IndexOf(accountToken, accountAt + 1, StringComparison.Ordinal) >= 0))
        {
            throw new InvalidOperationException("The case id or the account id is not once in the payload.");
        }

        var lower = char.IsLower(snapshot[at..(at + sampleId.Length)].FirstOrDefault(char.IsLetter));
        var template = snapshot.Replace(snapshot[at..(at + sampleId.Length)], "{ID}", StringComparison.Ordinal).Replace(accountToken, "{ACCOUNT}", StringComparison.Ordinal);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = filling, Pooling = false }.ToString()))
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;";
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO SecurityResetCases (Id, AccountId, State, ExpiresAtUtcTicks, SubmittedAtUtcTicks, DecidedAtUtcTicks, Version, Payload) "
                + "VALUES (@id, @account, @state, @expires, @submitted, @decided, @version, @payload)";
            var id = insert.Parameters.Add("@id", SqliteType.Text);
            var account = insert.Parameters.Add("@account", SqliteType.Text);
            var state = insert.Parameters.Add("@state", SqliteType.Text);
            var expires = insert.Parameters.Add("@expires", SqliteType.Integer);
            var submitted = insert.Parameters.Add("@submitted", SqliteType.Integer);
            var decided = insert.Parameters.Add("@decided", SqliteType.Integer);
            var version = insert.Parameters.Add("@version", SqliteType.Integer);
            var payload = insert.Parameters.Add("@payload", SqliteType.Blob);
            insert.Prepare();
            for (var i = 0; i < CaseCount; i++)
            {
                var guid = IdOf(i);
                var text = guid.ToString();
                var ticks = SubmittedTicks(i);
                var inQueue = IsSubmitted(i);
                id.Value = text.ToUpperInvariant(); // as EF Core's SQLite provider stores a Guid
                account.Value = "U-" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
                state.Value = inQueue ? nameof(CaseState.Submitted) : nameof(CaseState.Completed);
                expires.Value = ticks + (30 * TimeSpan.TicksPerDay);
                submitted.Value = ticks;
                decided.Value = inQueue ? DBNull.Value : ticks + TimeSpan.TicksPerHour;
                version.Value = sample.Version;
                var row = template.Replace("{ID}", lower ? text : text.ToUpperInvariant(), StringComparison.Ordinal)
                    .Replace("{ACCOUNT}", $"\"AccountId\":\"{account.Value}\"", StringComparison.Ordinal);
                payload.Value = System.Text.Encoding.UTF8.GetBytes(row);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            using var optimize = connection.CreateCommand();
            optimize.CommandText = "ANALYZE;";
            optimize.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        File.Move(filling, path, overwrite: true);
        SqliteStoreRig.Delete(filling);
        Console.WriteLine($"// Filled {CaseCount:N0} cases ({new FileInfo(path).Length / (1024 * 1024):N0} MB, snapshot {snapshot.Length} chars) in {clock.Elapsed.TotalSeconds:0.0} s: {path}");
    }
}
