using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SecurityReset.EntityFrameworkCore.Sqlite;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>Options of the contexts the SecurityReset store uses.</summary>
public static class SecurityResetDbContextOptionsExtensions
{
    /// <summary>Sets the schema and table prefix of <see cref="SecurityResetDbContext"/>.</summary>
    /// <typeparam name="TContext"><see cref="SecurityResetDbContext"/> or a context derived from it.</typeparam>
    /// <param name="builder">The options builder.</param>
    /// <param name="configure">Sets the model options.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder<TContext> UseSecurityResetModel<TContext>(this DbContextOptionsBuilder<TContext> builder, Action<SecurityResetModelOptions> configure)
        where TContext : SecurityResetDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddModel(builder, configure);
        return builder;
    }

    internal static void AddModel(DbContextOptionsBuilder builder, Action<SecurityResetModelOptions> configure)
    {
        var model = new SecurityResetModelOptions();
        configure(model);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new SecurityResetOptionsExtension(model.Validated()));
    }

    /// <summary>
    /// Makes every SQLite connection the context opens wait for a busy database instead of failing or polling
    /// (<c>PRAGMA busy_timeout</c>), and puts the database file in write-ahead-log mode once (<c>PRAGMA journal_mode=WAL</c>:
    /// readers never block the writer). Does nothing on other providers, and nothing when the options have these
    /// settings already. <c>UseEntityFrameworkCoreStore(...)</c> applies it with the default timeout; call it on the
    /// options of your own context, or of a <see cref="SecurityResetDbContext"/> you configure yourself.
    /// </summary>
    /// <param name="builder">The options builder.</param>
    /// <param name="busyTimeout">How long a statement waits for a lock; 5 seconds when <see langword="null"/>.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder UseSecurityResetSqliteSettings(this DbContextOptionsBuilder builder, TimeSpan? busyTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var timeout = busyTimeout ?? SqliteConnectionSettingsInterceptor.DefaultBusyTimeout;
        if (timeout < TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(busyTimeout), "The busy timeout must be between 0 and 10 minutes.");
        }

        if (builder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteConnectionSettingsInterceptor>().Any() == true)
        {
            return builder;
        }

        return builder.AddInterceptors(timeout == SqliteConnectionSettingsInterceptor.DefaultBusyTimeout
            ? SqliteConnectionSettingsInterceptor.Default
            : new SqliteConnectionSettingsInterceptor(timeout));
    }
}
