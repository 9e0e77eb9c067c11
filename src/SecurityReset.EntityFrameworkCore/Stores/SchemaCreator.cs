using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecurityReset.EntityFrameworkCore.Model;

namespace SecurityReset.EntityFrameworkCore.Stores;

/// <summary>Creates the tables of a context when the case table is missing.</summary>
internal static class SchemaCreator
{
    public static async Task EnsureAsync(DbContext db, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(CaseRow))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no SecurityReset model: call modelBuilder.AddSecurityReset() in its OnModelCreating.");
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await creator.CreateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!await TableExistsAsync(db, entity.GetTableName()!, entity.GetSchema(), cancellationToken).ConfigureAwait(false))
        {
            await creator.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AddEventSealColumnAsync(db, cancellationToken).ConfigureAwait(false);
            await AddPurgeColumnAsync(db, cancellationToken).ConfigureAwait(false);
        }

        await MakeEventsAppendOnlyAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the triggers that keep the events table append-only: for a test database that empties its tables
    /// between tests (and for an operator's purge, which then runs <see cref="EnsureAsync"/> again to put them back).
    /// </summary>
    public static async Task DropAppendOnlyTriggersAsync(DbContext db, CancellationToken cancellationToken)
    {
        foreach (var statement in AppendOnlyStatements(db, create: false))
        {
#pragma warning disable EF1002 // The names are the model's own, quoted by the provider; no value of a caller is in the text.
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }
    }

    /// <summary>
    /// Triggers that refuse every UPDATE and DELETE on the events table, so the audit trail stays append-only in the
    /// database too (SQLite and PostgreSQL; other providers keep only the sealed chain). Created if missing.
    /// </summary>
    private static async Task MakeEventsAppendOnlyAsync(DbContext db, CancellationToken cancellationToken)
    {
        foreach (var statement in AppendOnlyStatements(db, create: true))
        {
#pragma warning disable EF1002 // The names are the model's own, quoted by the provider; no value of a caller is in the text.
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }
    }

    private static IEnumerable<string> AppendOnlyStatements(DbContext db, bool create)
    {
        var events = db.Model.FindEntityType(typeof(CaseEventRow))!;
        var table = events.GetTableName()!;
        var schema = events.GetSchema();
        var sql = db.GetService<ISqlGenerationHelper>();
        var quoted = sql.DelimitIdentifier(table, schema);
        switch (db.Database.ProviderName)
        {
            case "Microsoft.EntityFrameworkCore.Sqlite":
                foreach (var operation in new[] { "UPDATE", "DELETE" })
                {
                    var trigger = sql.DelimitIdentifier($"{table}_NoEvent{operation[0]}{operation[1..].ToLowerInvariant()}");
                    yield return create
                        ? $"CREATE TRIGGER IF NOT EXISTS {trigger} BEFORE {operation} ON {quoted} BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
                        : $"DROP TRIGGER IF EXISTS {trigger}";
                }

                break;
            case "Npgsql.EntityFrameworkCore.PostgreSQL":
                var function = sql.DelimitIdentifier($"{table}_AppendOnly", schema);
                var name = sql.DelimitIdentifier($"{table}_AppendOnly");

                // TRUNCATE fires no row trigger: a statement trigger refuses it (also when it cascades from the cases table).
                var truncate = sql.DelimitIdentifier($"{table}_NoTruncate");
                if (create)
                {
                    yield return $"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$";
                    yield return $"DROP TRIGGER IF EXISTS {name} ON {quoted}";
                    yield return $"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {quoted} FOR EACH ROW EXECUTE FUNCTION {function}()";
                    yield return $"DROP TRIGGER IF EXISTS {truncate} ON {quoted}";
                    yield return $"CREATE TRIGGER {truncate} BEFORE TRUNCATE ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
                }
                else
                {
                    yield return $"DROP TRIGGER IF EXISTS {name} ON {quoted}";
                    yield return $"DROP TRIGGER IF EXISTS {truncate} ON {quoted}";
                }

                break;
        }
    }

    /// <summary>
    /// Tables made before events carried their seal get the column (empty for the events already there, whose trail
    /// therefore does not verify: a case from before keeps being served, but its reset applies only once it is sealed).
    /// </summary>
    private static async Task AddEventSealColumnAsync(DbContext db, CancellationToken cancellationToken)
    {
        var events = db.Model.FindEntityType(typeof(CaseEventRow))!;
        var table = events.GetTableName()!;
        var schema = events.GetSchema();
        var column = events.FindProperty(nameof(CaseEventRow.Seal))!.GetColumnName(StoreObjectIdentifier.Table(table, schema))!;
        var sql = db.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column",
            _ => "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = @table AND column_name = @column AND table_schema = COALESCE(@schema, current_schema())",
        };
        if (await CountAsync(db, sql, cancellationToken, ("@table", table), ("@schema", schema), ("@column", column)).ConfigureAwait(false) > 0)
        {
            return;
        }

        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var type = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite" ? "TEXT" : "character varying(64)";
#pragma warning disable EF1002 // The names are the model's own, quoted by the provider; no value of a caller is in the text.
        await db.Database.ExecuteSqlRawAsync(
            $"ALTER TABLE {sqlHelper.DelimitIdentifier(table, schema)} ADD COLUMN {sqlHelper.DelimitIdentifier(column)} {type} NULL", cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Case tables made before the purge get its column and index. Cases that had already ended get a due time the
    /// library can tell from the row alone: the default longest retention (90 days) after the later of their deadline and
    /// their decision, which is never before the due time the defaults would have given them.
    /// </summary>
    private static async Task AddPurgeColumnAsync(DbContext db, CancellationToken cancellationToken)
    {
        var cases = db.Model.FindEntityType(typeof(CaseRow))!;
        var table = cases.GetTableName()!;
        var schema = cases.GetSchema();
        var store = StoreObjectIdentifier.Table(table, schema);
        string Column(string property) => cases.FindProperty(property)!.GetColumnName(store)!;
        var column = Column(nameof(CaseRow.PurgeAfterUtcTicks));
        var sqlite = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";
        var sql = sqlite
            ? "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column"
            : "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = @table AND column_name = @column AND table_schema = COALESCE(@schema, current_schema())";
        if (await CountAsync(db, sql, cancellationToken, ("@table", table), ("@schema", schema), ("@column", column)).ConfigureAwait(false) > 0)
        {
            return;
        }

        var q = db.GetService<ISqlGenerationHelper>();
        var quotedTable = q.DelimitIdentifier(table, schema);
        var purge = q.DelimitIdentifier(column);
        var expires = q.DelimitIdentifier(Column(nameof(CaseRow.ExpiresAtUtcTicks)));
        var decided = q.DelimitIdentifier(Column(nameof(CaseRow.DecidedAtUtcTicks)));
        var state = q.DelimitIdentifier(Column(nameof(CaseRow.State)));
        var index = cases.GetIndexes().Single(i => i.Properties.Count == 1 && i.Properties[0].Name == nameof(CaseRow.PurgeAfterUtcTicks)).GetDatabaseName(store)!;
        var ended = string.Join(", ", Enum.GetValues<CaseState>().Where(s => !CaseStates.Open.Contains(s)).Select(s => $"'{s}'"));
        var later = sqlite ? $"max({expires}, COALESCE({decided}, 0))" : $"GREATEST({expires}, COALESCE({decided}, 0))";
        var retention = TimeSpan.FromDays(90).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
#pragma warning disable EF1002 // The names are the model's own, quoted by the provider; the values are the library's constants.
        await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {quotedTable} ADD COLUMN {purge} {(sqlite ? "INTEGER" : "bigint")} NULL", cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync($"UPDATE {quotedTable} SET {purge} = {later} + {retention} WHERE {state} IN ({ended})", cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync($"CREATE INDEX {q.DelimitIdentifier(index)} ON {quotedTable} ({purge})", cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
    }

    private static async Task<bool> TableExistsAsync(DbContext db, string table, string? schema, CancellationToken cancellationToken)
    {
        var sql = db.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table",
            "Npgsql.EntityFrameworkCore.PostgreSQL" =>
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = @table AND table_schema = COALESCE(@schema, current_schema())",
            _ => "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = @table AND (@schema IS NULL OR table_schema = @schema)",
        };
        return await CountAsync(db, sql, cancellationToken, ("@table", table), ("@schema", schema)).ConfigureAwait(false) > 0;
    }

    private static async Task<long> CountAsync(DbContext db, string sql, CancellationToken cancellationToken, params (string Name, string? Value)[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // The text is one of the constants above; the names travel as parameters.
                command.CommandText = sql;
#pragma warning restore CA2100
                foreach (var (name, value) in parameters)
                {
                    Add(command, name, value);
                }

                var count = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static void Add(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = (object?)value ?? DBNull.Value;
        parameter.DbType = System.Data.DbType.String;
        command.Parameters.Add(parameter);
    }
}
