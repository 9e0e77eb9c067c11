using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Databases;

/// <summary>One database for one test class: created with the class, emptied before each test, removed after the class.</summary>
public abstract class StoreDatabase : IAsyncLifetime
{
    private IDbContextFactory<SecurityResetDbContext>? _factory;

    public IDbContextFactory<SecurityResetDbContext> Factory => _factory ?? throw new InvalidOperationException("The database is not available.");

    public virtual bool Available => true;

    /// <summary>Chooses the provider on a context's options.</summary>
    public abstract void Configure(DbContextOptionsBuilder options);

    /// <summary>The model settings, or <see langword="null"/> for the defaults.</summary>
    public virtual Action<SecurityResetModelOptions>? Model => null;

    public virtual async ValueTask InitializeAsync()
    {
        _factory = CreateFactory();
        await new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(_factory).EnsureSchemaAsync(TestContext.Current.CancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>A context factory of its own over this database, as another instance of a host would have.</summary>
    public PooledDbContextFactory<SecurityResetDbContext> CreateFactory()
    {
        var options = new DbContextOptionsBuilder<SecurityResetDbContext>();
        Configure(options);
        options.UseSecurityResetSqliteSettings();
        if (Model is { } model)
        {
            options.UseSecurityResetModel(model);
        }

        return new PooledDbContextFactory<SecurityResetDbContext>(options.Options);
    }

    /// <summary>
    /// Deletes every row, so that a test starts from empty tables: the events table's append-only triggers are taken
    /// off for it and put back by the schema check, as an operator's purge would do.
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await using (var db = await Factory.CreateDbContextAsync(cancellationToken))
        {
            await AllowEventEditsAsync(cancellationToken);
            await db.Set<CaseEventRow>().ExecuteDeleteAsync(cancellationToken);
            await db.Set<CaseRow>().ExecuteDeleteAsync(cancellationToken);
            await db.Set<AccountGuardRow>().ExecuteDeleteAsync(cancellationToken);
            await db.Set<IdempotencyRow>().ExecuteDeleteAsync(cancellationToken);
            await db.Set<OutboxRow>().ExecuteDeleteAsync(cancellationToken);
        }

        await new EntityFrameworkCoreResetCaseStore<SecurityResetDbContext>(Factory).EnsureSchemaAsync(cancellationToken);
    }

    /// <summary>Takes the events table's append-only triggers off, as an insider with rights on the schema could.</summary>
    public async Task AllowEventEditsAsync(CancellationToken cancellationToken)
    {
        await using var db = await Factory.CreateDbContextAsync(cancellationToken);
        await SecurityReset.EntityFrameworkCore.Stores.SchemaCreator.DropAppendOnlyTriggersAsync(db, cancellationToken);
    }

    public ConformanceStores Stores() => new(Store());

    /// <summary>A store on this database, as a host would create it.</summary>
    public EntityFrameworkCoreResetCaseStore<SecurityResetDbContext> Store() => new(Factory);

    /// <summary>Registers the store on this database, as a host does.</summary>
    public SecurityResetBuilder UseStore(SecurityResetBuilder builder) => builder.UseEntityFrameworkCoreStore(Configure, Model);
}
