using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecurityReset.EntityFrameworkCore;
using SecurityReset.Ports;

#pragma warning disable IDE0130 // Registration extensions live beside the builder they extend.
namespace SecurityReset;
#pragma warning restore IDE0130

/// <summary>Registers the Entity Framework Core store.</summary>
public static class EntityFrameworkCoreSecurityResetBuilderExtensions
{
    /// <summary>
    /// Keeps cases, account guards, idempotency records and the outbox in a database of their own through
    /// <see cref="SecurityResetDbContext"/>: <c>.UseEntityFrameworkCoreStore(db =&gt; db.UseSqlite("Data Source=security-reset.db"))</c>
    /// or <c>db.UseNpgsql(...)</c> (reference the provider package you choose). On SQLite every connection gets a 5 s busy
    /// timeout and the file WAL mode (<c>UseSecurityResetSqliteSettings</c> in <paramref name="configureDbContext"/> sets
    /// another timeout). Registers a pooled
    /// <see cref="IDbContextFactory{TContext}"/> and the store as a singleton, replacing any store registered
    /// before (such as <c>UseInMemoryStore()</c>): a durable store asked for is never silently dropped.
    /// </summary>
    /// <param name="builder">The SecurityReset builder.</param>
    /// <param name="configureDbContext">Chooses and configures the provider.</param>
    /// <param name="configureModel">Sets the schema and table prefix; the defaults when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseEntityFrameworkCoreStore(
        this SecurityResetBuilder builder,
        Action<DbContextOptionsBuilder> configureDbContext,
        Action<SecurityResetModelOptions>? configureModel = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureDbContext);
        builder.Services.AddPooledDbContextFactory<SecurityResetDbContext>(options =>
        {
            configureDbContext(options);
            options.UseSecurityResetSqliteSettings();
            if (configureModel is not null)
            {
                SecurityResetDbContextOptionsExtensions.AddModel(options, configureModel);
            }
        });
        return builder.UseEntityFrameworkCoreStore<SecurityResetDbContext>();
    }

    /// <summary>
    /// Keeps cases, account guards, idempotency records and the outbox in your own context, whose <c>OnModelCreating</c> calls
    /// <c>modelBuilder.AddSecurityReset()</c>. Register an <see cref="IDbContextFactory{TContext}"/> for it yourself
    /// (<c>AddDbContextFactory</c> or <c>AddPooledDbContextFactory</c>); on SQLite also call
    /// <c>UseSecurityResetSqliteSettings()</c> on its options. Replaces any store registered before.
    /// </summary>
    /// <typeparam name="TContext">Your context.</typeparam>
    /// <param name="builder">The SecurityReset builder.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseEntityFrameworkCoreStore<TContext>(this SecurityResetBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.RemoveAll<IResetCaseStore>();
        services.TryAddSingleton<EntityFrameworkCoreResetCaseStore<TContext>>();
        services.AddSingleton<IResetCaseStore>(sp => sp.GetRequiredService<EntityFrameworkCoreResetCaseStore<TContext>>());
        services.RemoveAll<SchemaInitializer>();
        services.AddSingleton(sp => new SchemaInitializer(sp.GetRequiredService<EntityFrameworkCoreResetCaseStore<TContext>>().EnsureSchemaAsync));
        return builder;
    }
}

/// <summary>Creates the store's schema for the store registered last.</summary>
internal sealed class SchemaInitializer(Func<CancellationToken, Task> ensure)
{
    public Task EnsureAsync(CancellationToken cancellationToken) => ensure(cancellationToken);
}
