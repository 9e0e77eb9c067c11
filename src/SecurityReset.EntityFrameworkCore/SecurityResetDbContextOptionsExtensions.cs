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
    /// Makes every SQLite connection the context opens wait up to 5 seconds for a busy database instead of failing
    /// or polling (<c>PRAGMA busy_timeout</c>), and puts the database file in write-ahead-log mode once
    /// (<c>PRAGMA journal_mode=WAL</c>: readers never block the writer). Does nothing on other providers, and nothing
    /// when the options have these settings already. <c>UseEntityFrameworkCoreStore(...)</c> applies it; call it on
    /// the options of your own context, or of a <see cref="SecurityResetDbContext"/> you configure yourself.
    /// </summary>
    /// <param name="builder">The options builder.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder UseSecurityResetSqliteSettings(this DbContextOptionsBuilder builder)
    {
        AddSqliteSettings(builder, SqliteConnectionSettingsInterceptor.DefaultBusyTimeout);
        return builder;
    }

    /// <summary>Like <see cref="UseSecurityResetSqliteSettings(DbContextOptionsBuilder)"/>, with another busy timeout.</summary>
    /// <param name="builder">The options builder.</param>
    /// <param name="busyTimeout">How long a statement waits for a lock: between 0 and 10 minutes.</param>
    /// <returns>The options builder.</returns>
    public static DbContextOptionsBuilder UseSecurityResetSqliteSettings(this DbContextOptionsBuilder builder, TimeSpan busyTimeout)
    {
        AddSqliteSettings(builder, busyTimeout);
        return builder;
    }

    /// <inheritdoc cref="UseSecurityResetSqliteSettings(DbContextOptionsBuilder)" />
    /// <typeparam name="TContext">The context.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseSecurityResetSqliteSettings<TContext>(this DbContextOptionsBuilder<TContext> builder)
        where TContext : DbContext
    {
        AddSqliteSettings(builder, SqliteConnectionSettingsInterceptor.DefaultBusyTimeout);
        return builder;
    }

    /// <inheritdoc cref="UseSecurityResetSqliteSettings(DbContextOptionsBuilder, TimeSpan)" />
    /// <typeparam name="TContext">The context.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseSecurityResetSqliteSettings<TContext>(this DbContextOptionsBuilder<TContext> builder, TimeSpan busyTimeout)
        where TContext : DbContext
    {
        AddSqliteSettings(builder, busyTimeout);
        return builder;
    }

    private static void AddSqliteSettings(DbContextOptionsBuilder builder, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (timeout < TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The busy timeout must be between 0 and 10 minutes.");
        }

        if (builder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteConnectionSettingsInterceptor>().Any() == true)
        {
            return;
        }

        builder.AddInterceptors(timeout == SqliteConnectionSettingsInterceptor.DefaultBusyTimeout
            ? SqliteConnectionSettingsInterceptor.Default
            : new SqliteConnectionSettingsInterceptor(timeout));
    }
}
