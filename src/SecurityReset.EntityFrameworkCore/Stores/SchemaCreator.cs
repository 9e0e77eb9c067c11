using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
                Add(command, "@table", table);
                Add(command, "@schema", schema);
                var count = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) > 0;
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
