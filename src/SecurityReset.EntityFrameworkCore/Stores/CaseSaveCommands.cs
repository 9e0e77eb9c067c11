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
/// The two statements of a save, written once per model: the compare-and-swap <c>UPDATE</c> of a case row and the
/// <c>INSERT</c> of its events. <c>ExecuteUpdate</c> and <c>SaveChanges</c> would translate, build and batch the
/// same statements again on every save; these are built from the model's own table and column names, the
/// provider's quoting and the columns' type mappings, and run through the context's relational connection, so
/// the current transaction, the interceptors and command logging still apply. Thread-safe.
/// </summary>
internal sealed class CaseSaveCommands
{
    // Saves append one to three events; longer lists get a command built for them on the spot.
    private const int CachedEventCounts = 8;

    private static readonly string[] UpdatedColumns =
    [
        nameof(CaseRow.Version),
        nameof(CaseRow.State),
        nameof(CaseRow.ExpiresAtUtcTicks),
        nameof(CaseRow.SubmittedAtUtcTicks),
        nameof(CaseRow.DecidedAtUtcTicks),
        nameof(CaseRow.Payload),
    ];

    private static readonly string[] EventColumns =
    [
        nameof(CaseEventRow.CaseId),
        nameof(CaseEventRow.Version),
        nameof(CaseEventRow.Sequence),
        nameof(CaseEventRow.Type),
        nameof(CaseEventRow.OccurredAtUtcTicks),
        nameof(CaseEventRow.ActorKind),
        nameof(CaseEventRow.ActorId),
        nameof(CaseEventRow.Detail),
    ];

    private readonly IRelationalCommandBuilderFactory _builders;
    private readonly ISqlGenerationHelper _sql;
    private readonly IColumnMapping[] _eventColumns;
    private readonly string _eventsTable;
    private readonly IRelationalCommand _update;
    private readonly IRelationalCommand?[] _inserts = new IRelationalCommand?[CachedEventCounts + 1];

    public CaseSaveCommands(DbContext db)
    {
        Model = db.Model;
        _builders = db.GetService<IRelationalCommandBuilderFactory>();
        _sql = db.GetService<ISqlGenerationHelper>();
        _update = BuildUpdate(Columns<CaseRow>(Model, [.. UpdatedColumns, nameof(CaseRow.Id)], out var casesTable), casesTable);
        _eventColumns = Columns<CaseEventRow>(Model, EventColumns, out _eventsTable);
    }

    /// <summary>The model the statements were written for; a context with another model needs its own.</summary>
    public IModel Model { get; }

    /// <summary>Runs the compare-and-swap; returns the number of rows written (0 or 1).</summary>
    public Task<int> UpdateAsync(DbContext db, CaseRow row, long expectedVersion, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object?>(UpdatedColumns.Length + 2, StringComparer.Ordinal)
        {
            ["v0"] = row.Version,
            ["v1"] = row.State,
            ["v2"] = row.ExpiresAtUtcTicks,
            ["v3"] = row.SubmittedAtUtcTicks,
            ["v4"] = row.DecidedAtUtcTicks,
            ["v5"] = row.Payload,
            ["id"] = row.Id,
            ["expected"] = expectedVersion,
        };
        return _update.ExecuteNonQueryAsync(Parameters(db, values, CommandSource.ExecuteUpdate), cancellationToken);
    }

    /// <summary>Inserts the events of one save in one statement.</summary>
    public Task<int> InsertEventsAsync(DbContext db, IReadOnlyList<CaseEventRow> rows, CancellationToken cancellationToken)
    {
        var command = rows.Count <= CachedEventCounts
            ? _inserts[rows.Count] ??= BuildInsert(rows.Count)
            : BuildInsert(rows.Count);
        var values = new Dictionary<string, object?>(rows.Count * EventColumns.Length, StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            values[EventParameter(r, 0)] = row.CaseId;
            values[EventParameter(r, 1)] = row.Version;
            values[EventParameter(r, 2)] = row.Sequence;
            values[EventParameter(r, 3)] = row.Type;
            values[EventParameter(r, 4)] = row.OccurredAtUtcTicks;
            values[EventParameter(r, 5)] = row.ActorKind;
            values[EventParameter(r, 6)] = row.ActorId;
            values[EventParameter(r, 7)] = row.Detail;
        }

        return command.ExecuteNonQueryAsync(Parameters(db, values, CommandSource.Unknown), cancellationToken);
    }

    private static RelationalCommandParameterObject Parameters(DbContext db, Dictionary<string, object?> values, CommandSource source) =>
        new(
            db.GetService<IRelationalConnection>(),
            values,
            readerColumns: null,
            db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(),
            source);

    private static string EventParameter(int row, int column) =>
        string.Create(CultureInfo.InvariantCulture, $"e{row}_{column}");

    // The columns of the given properties, in their order, with the table's quoted name.
    private IColumnMapping[] Columns<TRow>(IModel model, string[] properties, out string table)
    {
        var mapping = model.FindEntityType(typeof(TRow))?.GetTableMappings().FirstOrDefault()
            ?? throw new InvalidOperationException($"The model has no table for {typeof(TRow).Name}: call modelBuilder.AddSecurityReset() in OnModelCreating.");
        table = _sql.DelimitIdentifier(mapping.Table.Name, mapping.Table.Schema);
        return [.. properties.Select(p => mapping.ColumnMappings.First(c => c.Property.Name == p))];
    }

    private IRelationalCommand BuildUpdate(IColumnMapping[] columns, string table)
    {
        // columns: the updated ones in UpdatedColumns' order, then Id.
        var builder = _builders.Create();
        var text = new StringBuilder("UPDATE ").Append(table).Append(" SET ");
        for (var i = 0; i < UpdatedColumns.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(_sql.DelimitIdentifier(columns[i].Column.Name)).Append(" = ");
            AddParameter(builder, text, string.Create(CultureInfo.InvariantCulture, $"v{i}"), columns[i]);
        }

        text.Append(" WHERE ").Append(_sql.DelimitIdentifier(columns[^1].Column.Name)).Append(" = ");
        AddParameter(builder, text, "id", columns[^1]);
        text.Append(" AND ").Append(_sql.DelimitIdentifier(columns[0].Column.Name)).Append(" = ");
        AddParameter(builder, text, "expected", columns[0]);
        return builder.Append(text.ToString()).Build();
    }

    private IRelationalCommand BuildInsert(int rowCount)
    {
        var builder = _builders.Create();
        var text = new StringBuilder("INSERT INTO ").Append(_eventsTable).Append(" (")
            .AppendJoin(", ", _eventColumns.Select(c => _sql.DelimitIdentifier(c.Column.Name)))
            .Append(") VALUES ");
        for (var r = 0; r < rowCount; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _eventColumns.Length; c++)
            {
                text.Append(c == 0 ? "" : ", ");
                AddParameter(builder, text, EventParameter(r, c), _eventColumns[c]);
            }

            text.Append(')');
        }

        return builder.Append(text.ToString()).Build();
    }

    private void AddParameter(IRelationalCommandBuilder builder, StringBuilder text, string name, IColumnMapping column)
    {
        // The column's type mapping converts the value as the model does (enum names, the provider's Guid form).
        builder.AddParameter(name, _sql.GenerateParameterName(name), column.TypeMapping, column.Column.IsNullable);
        text.Append(_sql.GenerateParameterNamePlaceholder(name));
    }
}
