using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecurityReset.EntityFrameworkCore.Model;

namespace SecurityReset.EntityFrameworkCore.Stores;

/// <summary>
/// The statements of a commit, written once per model: the <c>INSERT</c> or compare-and-swap <c>UPDATE</c> of a case
/// row, the <c>INSERT</c> of its events, the <c>INSERT</c> or compare-and-swap <c>UPDATE</c> of the account guard, the
/// replacement of an expired idempotency record and the <c>INSERT</c> of the new one, the <c>INSERT</c> of the outbox
/// messages and the <c>DELETE</c> of the settled ones; and, on PostgreSQL, the <c>FOR UPDATE SKIP LOCKED</c> pick of
/// the messages a claim takes (built for each claim: a command that reads is not shared between calls). <c>ExecuteUpdate</c> and <c>SaveChanges</c> would translate, build and batch the
/// same statements again on every commit; these are built from the model's own table and column names, the
/// provider's quoting and the columns' type mappings, and run through the context's relational connection, so
/// the current transaction, the interceptors and command logging still apply. Thread-safe.
/// </summary>
internal sealed class CaseSaveCommands
{
    // Commits append one to three events and a message or two; longer lists get a command built for them on the spot.
    private const int CachedRowCounts = 8;

    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private static readonly Shape<CaseRow> CaseShape = new(
        (nameof(CaseRow.Id), r => r.Id),
        (nameof(CaseRow.AccountId), r => r.AccountId),
        (nameof(CaseRow.State), r => r.State),
        (nameof(CaseRow.ExpiresAtUtcTicks), r => r.ExpiresAtUtcTicks),
        (nameof(CaseRow.SubmittedAtUtcTicks), r => r.SubmittedAtUtcTicks),
        (nameof(CaseRow.DecidedAtUtcTicks), r => r.DecidedAtUtcTicks),
        (nameof(CaseRow.PurgeAfterUtcTicks), r => r.PurgeAfterUtcTicks),
        (nameof(CaseRow.Version), r => r.Version),
        (nameof(CaseRow.Payload), r => r.Payload));

    // What a compare-and-swap of a case writes: every column but the id and the account.
    private static readonly Shape<CaseRow> CaseUpdateShape = new(
        (nameof(CaseRow.Version), r => r.Version),
        (nameof(CaseRow.State), r => r.State),
        (nameof(CaseRow.ExpiresAtUtcTicks), r => r.ExpiresAtUtcTicks),
        (nameof(CaseRow.SubmittedAtUtcTicks), r => r.SubmittedAtUtcTicks),
        (nameof(CaseRow.DecidedAtUtcTicks), r => r.DecidedAtUtcTicks),
        (nameof(CaseRow.PurgeAfterUtcTicks), r => r.PurgeAfterUtcTicks),
        (nameof(CaseRow.Payload), r => r.Payload));

    private static readonly Shape<CaseEventRow> EventShape = new(
        (nameof(CaseEventRow.CaseId), r => r.CaseId),
        (nameof(CaseEventRow.Version), r => r.Version),
        (nameof(CaseEventRow.Sequence), r => r.Sequence),
        (nameof(CaseEventRow.Type), r => r.Type),
        (nameof(CaseEventRow.OccurredAtUtcTicks), r => r.OccurredAtUtcTicks),
        (nameof(CaseEventRow.ActorKind), r => r.ActorKind),
        (nameof(CaseEventRow.ActorId), r => r.ActorId),
        (nameof(CaseEventRow.Detail), r => r.Detail),
        (nameof(CaseEventRow.Seal), r => r.Seal));

    private static readonly Shape<AccountGuardRow> GuardShape = new(
        (nameof(AccountGuardRow.AccountId), r => r.AccountId),
        (nameof(AccountGuardRow.Version), r => r.Version),
        (nameof(AccountGuardRow.Payload), r => r.Payload));

    private static readonly Shape<AccountGuardRow> GuardUpdateShape = new(
        (nameof(AccountGuardRow.Version), r => r.Version),
        (nameof(AccountGuardRow.Payload), r => r.Payload));

    private static readonly Shape<IdempotencyRow> IdempotencyShape = new(
        (nameof(IdempotencyRow.Key), r => r.Key),
        (nameof(IdempotencyRow.RequestHash), r => r.RequestHash),
        (nameof(IdempotencyRow.ResultJson), r => r.ResultJson),
        (nameof(IdempotencyRow.ExpiresAtUtcTicks), r => r.ExpiresAtUtcTicks));

    private static readonly Shape<OutboxRow> OutboxShape = new(
        (nameof(OutboxRow.Id), r => r.Id),
        (nameof(OutboxRow.CaseId), r => r.CaseId),
        (nameof(OutboxRow.DueAtUtcTicks), r => r.DueAtUtcTicks),
        (nameof(OutboxRow.Attempts), r => r.Attempts),
        (nameof(OutboxRow.ClaimToken), r => r.ClaimToken),
        (nameof(OutboxRow.Payload), r => r.Payload));

    private readonly IRelationalCommandBuilderFactory _builders;
    private readonly ISqlGenerationHelper _sql;
    private readonly Table<CaseRow> _cases;
    private readonly Table<CaseEventRow> _events;
    private readonly Table<AccountGuardRow> _guards;
    private readonly Table<IdempotencyRow> _idempotency;
    private readonly Table<OutboxRow> _outbox;
    private readonly IRelationalCommand _updateCase;
    private readonly IRelationalCommand _updateGuard;
    private readonly IRelationalCommand _deleteExpiredKey;
    private readonly IRelationalCommand?[] _deleteMessages = new IRelationalCommand?[CachedRowCounts + 1];

    public CaseSaveCommands(DbContext db)
    {
        Model = db.Model;
        _builders = db.GetService<IRelationalCommandBuilderFactory>();
        _sql = db.GetService<ISqlGenerationHelper>();
        _cases = TableOf(CaseShape);
        _events = TableOf(EventShape);
        _guards = TableOf(GuardShape);
        _idempotency = TableOf(IdempotencyShape);
        _outbox = TableOf(OutboxShape);
        _updateCase = BuildCompareAndSwap(_cases, CaseUpdateShape, nameof(CaseRow.Id), nameof(CaseRow.Version));
        _updateGuard = BuildCompareAndSwap(_guards, GuardUpdateShape, nameof(AccountGuardRow.AccountId), nameof(AccountGuardRow.Version));
        _deleteExpiredKey = BuildDeleteExpiredKey();
        PicksClaimCandidates = string.Equals(db.Database.ProviderName, PostgresProvider, StringComparison.Ordinal);
    }

    /// <summary>The model the statements were written for; a context with another model needs its own.</summary>
    public IModel Model { get; }

    /// <summary>
    /// Whether a claim picks its messages with <see cref="PickClaimCandidatesAsync"/> (on PostgreSQL: it locks them and
    /// skips the ones another claim holds locked); on other providers the claim's transaction alone keeps claims apart.
    /// </summary>
    public bool PicksClaimCandidates { get; }

    /// <summary>Inserts a case row.</summary>
    public Task<int> InsertCaseAsync(DbContext db, CaseRow row, CancellationToken cancellationToken) =>
        InsertAsync(db, _cases, [row], cancellationToken);

    /// <summary>Runs the case's compare-and-swap; returns the number of rows written (0 or 1).</summary>
    public Task<int> UpdateCaseAsync(DbContext db, CaseRow row, long expectedVersion, CancellationToken cancellationToken) =>
        CompareAndSwapAsync(db, _updateCase, CaseUpdateShape, row, row.Id, expectedVersion, cancellationToken);

    /// <summary>Inserts the events of one commit in one statement.</summary>
    public Task<int> InsertEventsAsync(DbContext db, IReadOnlyList<CaseEventRow> rows, CancellationToken cancellationToken) =>
        InsertAsync(db, _events, rows, cancellationToken);

    /// <summary>Inserts an account's first guard row.</summary>
    public Task<int> InsertGuardAsync(DbContext db, AccountGuardRow row, CancellationToken cancellationToken) =>
        InsertAsync(db, _guards, [row], cancellationToken);

    /// <summary>Runs the guard's compare-and-swap; returns the number of rows written (0 or 1).</summary>
    public Task<int> UpdateGuardAsync(DbContext db, AccountGuardRow row, long expectedVersion, CancellationToken cancellationToken) =>
        CompareAndSwapAsync(db, _updateGuard, GuardUpdateShape, row, row.AccountId, expectedVersion, cancellationToken);

    /// <summary>Deletes the record with a key if it expired at or before the given time.</summary>
    public Task<int> DeleteExpiredKeyAsync(DbContext db, string key, long nowUtcTicks, CancellationToken cancellationToken) =>
        _deleteExpiredKey.ExecuteNonQueryAsync(
            Parameters(db, new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["key"] = key, ["now"] = nowUtcTicks }, CommandSource.ExecuteDelete),
            cancellationToken);

    /// <summary>Inserts an idempotency record; the primary key refuses a second one with the same key.</summary>
    public Task<int> InsertIdempotencyAsync(DbContext db, IdempotencyRow row, CancellationToken cancellationToken) =>
        InsertAsync(db, _idempotency, [row], cancellationToken);

    /// <summary>Inserts the outbox messages of one commit in one statement.</summary>
    public Task<int> InsertMessagesAsync(DbContext db, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken) =>
        InsertAsync(db, _outbox, rows, cancellationToken);

    /// <summary>Deletes outbox messages by id in one statement.</summary>
    public Task<int> DeleteMessagesAsync(DbContext db, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var command = ids.Count <= CachedRowCounts
            ? _deleteMessages[ids.Count] ??= BuildDeleteMessages(ids.Count)
            : BuildDeleteMessages(ids.Count);
        var values = new Dictionary<string, object?>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            values[IndexedParameter("m", i, 0)] = ids[i];
        }

        return command.ExecuteNonQueryAsync(Parameters(db, values, CommandSource.ExecuteDelete), cancellationToken);
    }

    /// <summary>On PostgreSQL: the ids of up to <paramref name="batchSize"/> due messages, locked, earliest first.</summary>
    public async Task<List<Guid>> PickClaimCandidatesAsync(DbContext db, long nowUtcTicks, int batchSize, CancellationToken cancellationToken)
    {
        if (!PicksClaimCandidates)
        {
            throw new InvalidOperationException("Only PostgreSQL picks claim candidates with a statement of its own.");
        }

        // A command that reads keeps its reader for the next execution, so a reading command is not shared between
        // calls: this one is built for the call (claims are rare next to commits).
        var command = BuildSkipLockedCandidates();
        var values = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["now"] = nowUtcTicks, ["limit"] = batchSize };
        var ids = new List<Guid>(batchSize);
        var reader = await command.ExecuteReaderAsync(Parameters(db, values, CommandSource.FromSqlQuery), cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.DbDataReader.GetFieldValue<Guid>(0));
            }
        }

        return ids;
    }

    private Task<int> InsertAsync<TRow>(DbContext db, Table<TRow> table, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        var command = rows.Count <= CachedRowCounts
            ? table.Inserts[rows.Count] ??= BuildInsert(table, rows.Count)
            : BuildInsert(table, rows.Count);
        var columns = table.Shape.Values;
        var values = new Dictionary<string, object?>(rows.Count * columns.Length, StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var c = 0; c < columns.Length; c++)
            {
                values[IndexedParameter("p", r, c)] = columns[c](row);
            }
        }

        return command.ExecuteNonQueryAsync(Parameters(db, values, CommandSource.SaveChanges), cancellationToken);
    }

    private static Task<int> CompareAndSwapAsync<TRow>(
        DbContext db, IRelationalCommand command, Shape<TRow> updated, TRow row, object key, long expectedVersion, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object?>(updated.Values.Length + 2, StringComparer.Ordinal);
        for (var i = 0; i < updated.Values.Length; i++)
        {
            values[IndexedParameter("v", i, 0)] = updated.Values[i](row);
        }

        values["key"] = key;
        values["expected"] = expectedVersion;
        return command.ExecuteNonQueryAsync(Parameters(db, values, CommandSource.ExecuteUpdate), cancellationToken);
    }

    private static RelationalCommandParameterObject Parameters(DbContext db, Dictionary<string, object?> values, CommandSource source) =>
        new(
            db.GetService<IRelationalConnection>(),
            values,
            readerColumns: null,
            db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(),
            source);

    private static string IndexedParameter(string prefix, int row, int column) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{row}_{column}");

    // The table of a row type, with its columns in the shape's order.
    private Table<TRow> TableOf<TRow>(Shape<TRow> shape)
    {
        var mapping = Model.FindEntityType(typeof(TRow))?.GetTableMappings().FirstOrDefault()
            ?? throw new InvalidOperationException($"The model has no table for {typeof(TRow).Name}: call modelBuilder.AddSecurityReset() in OnModelCreating.");
        return new Table<TRow>(
            _sql.DelimitIdentifier(mapping.Table.Name, mapping.Table.Schema),
            shape,
            [.. mapping.ColumnMappings],
            new IRelationalCommand?[CachedRowCounts + 1]);
    }

    private IRelationalCommand BuildCompareAndSwap<TRow>(Table<TRow> table, Shape<TRow> updated, string keyProperty, string versionProperty)
    {
        var builder = _builders.Create();
        var text = new StringBuilder("UPDATE ").Append(table.Name).Append(" SET ");
        for (var i = 0; i < updated.Properties.Length; i++)
        {
            var column = table.Column(updated.Properties[i]);
            text.Append(i == 0 ? "" : ", ").Append(_sql.DelimitIdentifier(column.Column.Name)).Append(" = ");
            AddParameter(builder, text, IndexedParameter("v", i, 0), column);
        }

        var key = table.Column(keyProperty);
        var version = table.Column(versionProperty);
        text.Append(" WHERE ").Append(_sql.DelimitIdentifier(key.Column.Name)).Append(" = ");
        AddParameter(builder, text, "key", key);
        text.Append(" AND ").Append(_sql.DelimitIdentifier(version.Column.Name)).Append(" = ");
        AddParameter(builder, text, "expected", version);
        return builder.Append(text.ToString()).Build();
    }

    private IRelationalCommand BuildInsert<TRow>(Table<TRow> table, int rowCount)
    {
        var builder = _builders.Create();
        var columns = table.Shape.Properties.Select(table.Column).ToArray();
        var text = new StringBuilder("INSERT INTO ").Append(table.Name).Append(" (")
            .AppendJoin(", ", columns.Select(c => _sql.DelimitIdentifier(c.Column.Name)))
            .Append(") VALUES ");
        for (var r = 0; r < rowCount; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                text.Append(c == 0 ? "" : ", ");
                AddParameter(builder, text, IndexedParameter("p", r, c), columns[c]);
            }

            text.Append(')');
        }

        return builder.Append(text.ToString()).Build();
    }

    private IRelationalCommand BuildDeleteExpiredKey()
    {
        var builder = _builders.Create();
        var key = _idempotency.Column(nameof(IdempotencyRow.Key));
        var expires = _idempotency.Column(nameof(IdempotencyRow.ExpiresAtUtcTicks));
        var text = new StringBuilder("DELETE FROM ").Append(_idempotency.Name)
            .Append(" WHERE ").Append(_sql.DelimitIdentifier(key.Column.Name)).Append(" = ");
        AddParameter(builder, text, "key", key);
        text.Append(" AND ").Append(_sql.DelimitIdentifier(expires.Column.Name)).Append(" <= ");
        AddParameter(builder, text, "now", expires);
        return builder.Append(text.ToString()).Build();
    }

    private IRelationalCommand BuildDeleteMessages(int count)
    {
        var builder = _builders.Create();
        var id = _outbox.Column(nameof(OutboxRow.Id));
        var text = new StringBuilder("DELETE FROM ").Append(_outbox.Name)
            .Append(" WHERE ").Append(_sql.DelimitIdentifier(id.Column.Name)).Append(" IN (");
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ", ");
            AddParameter(builder, text, IndexedParameter("m", i, 0), id);
        }

        return builder.Append(text.Append(')').ToString()).Build();
    }

    private IRelationalCommand BuildSkipLockedCandidates()
    {
        var builder = _builders.Create();
        var id = _sql.DelimitIdentifier(_outbox.Column(nameof(OutboxRow.Id)).Column.Name);
        var due = _outbox.Column(nameof(OutboxRow.DueAtUtcTicks));
        var dueName = _sql.DelimitIdentifier(due.Column.Name);
        var text = new StringBuilder("SELECT ").Append(id).Append(" FROM ").Append(_outbox.Name)
            .Append(" WHERE ").Append(dueName).Append(" <= ");
        AddParameter(builder, text, "now", due);
        text.Append(" ORDER BY ").Append(dueName).Append(", ").Append(id).Append(" LIMIT ");
        AddParameter(builder, text, "limit", _outbox.Column(nameof(OutboxRow.Attempts)));
        text.Append(" FOR UPDATE SKIP LOCKED");
        return builder.Append(text.ToString()).Build();
    }

    private void AddParameter(IRelationalCommandBuilder builder, StringBuilder text, string name, IColumnMapping column)
    {
        // The column's type mapping converts the value as the model does (enum names, the provider's Guid form).
        builder.AddParameter(name, _sql.GenerateParameterName(name), column.TypeMapping, column.Column.IsNullable);
        text.Append(_sql.GenerateParameterNamePlaceholder(name));
    }

    /// <summary>Properties of a row type in column order, with how to read each from a row.</summary>
    private sealed class Shape<TRow>
    {
        public Shape(params (string Property, Func<TRow, object?> Value)[] columns)
        {
            Properties = [.. columns.Select(c => c.Property)];
            Values = [.. columns.Select(c => c.Value)];
        }

        public string[] Properties { get; }

        public Func<TRow, object?>[] Values { get; }
    }

    /// <summary>A table: its quoted name, its inserted columns, its column mappings and its cached inserts per row count.</summary>
    private sealed record Table<TRow>(string Name, Shape<TRow> Shape, IColumnMapping[] Mappings, IRelationalCommand?[] Inserts)
    {
        public IColumnMapping Column(string property) => Mappings.First(c => c.Property.Name == property);
    }
}
