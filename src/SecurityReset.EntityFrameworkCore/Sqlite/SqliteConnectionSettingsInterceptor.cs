using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecurityReset.EntityFrameworkCore.Sqlite;

/// <summary>
/// Sets <c>busy_timeout</c> on every SQLite connection as it opens, and WAL mode once per database. SQLite is
/// recognised by the provider's name, so this package needs no reference to it. Thread-safe.
/// </summary>
internal sealed class SqliteConnectionSettingsInterceptor : DbConnectionInterceptor
{
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    public static readonly SqliteConnectionSettingsInterceptor Default = new(DefaultBusyTimeout);

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string SqliteConnectionType = "Microsoft.Data.Sqlite.SqliteConnection";

    // journal_mode=WAL is stored in the database file: setting it once per database and process is enough.
    private static readonly ConcurrentDictionary<string, bool> WalSet = new(StringComparer.Ordinal);

    private const string WalPragma = " PRAGMA journal_mode = WAL;";

    private readonly string _busyTimeoutPragma;

    public SqliteConnectionSettingsInterceptor(TimeSpan busyTimeout) =>
        _busyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!IsSqlite(connection, eventData))
        {
            return;
        }

        var wal = NeedsWal(connection);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = wal ? _busyTimeoutPragma + WalPragma : _busyTimeoutPragma;
            command.ExecuteNonQuery();
        }

        MarkWal(connection, wal);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!IsSqlite(connection, eventData))
        {
            return;
        }

        var wal = NeedsWal(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = wal ? _busyTimeoutPragma + WalPragma : _busyTimeoutPragma;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        MarkWal(connection, wal);
    }

    private static bool IsSqlite(DbConnection connection, ConnectionEndEventData eventData) =>
        string.Equals(eventData?.Context?.Database.ProviderName, SqliteProvider, StringComparison.Ordinal)
        || string.Equals(connection.GetType().FullName, SqliteConnectionType, StringComparison.Ordinal);

    // The busy timeout goes first, so that switching to WAL also waits for a busy database.
    private static bool NeedsWal(DbConnection connection) =>
        connection.DataSource is { Length: > 0 } source && source != ":memory:" && !WalSet.ContainsKey(source);

    private static void MarkWal(DbConnection connection, bool wal)
    {
        if (wal)
        {
            WalSet.TryAdd(connection.DataSource, true);
        }
    }
}
