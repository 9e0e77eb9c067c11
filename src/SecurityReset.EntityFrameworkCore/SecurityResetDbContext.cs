using Microsoft.EntityFrameworkCore;

namespace SecurityReset.EntityFrameworkCore;

/// <summary>
/// A ready context holding only the SecurityReset store's tables, for hosts that keep the store in a database
/// (or a SQLite file) of its own. Configure it with <c>UseEntityFrameworkCoreStore(options =&gt; options.UseSqlite(...))</c>,
/// or build <see cref="DbContextOptions{TContext}"/> yourself; <see cref="SecurityResetDbContextOptionsExtensions.UseSecurityResetModel"/>
/// sets its schema and table prefix. On SQLite, <c>UseEntityFrameworkCoreStore</c> gives every connection WAL and a busy
/// timeout; options you build yourself take <see cref="SecurityResetDbContextOptionsExtensions.UseSecurityResetSqliteSettings(DbContextOptionsBuilder)"/>.
/// Not thread-safe, like every context: the stores create one per operation.
/// </summary>
public class SecurityResetDbContext : DbContext
{
    private readonly SecurityResetModelOptions _model;

    /// <summary>Creates the context.</summary>
    /// <param name="options">The options: a provider, and optionally the model settings.</param>
    public SecurityResetDbContext(DbContextOptions<SecurityResetDbContext> options)
        : this((DbContextOptions)options)
    {
    }

    /// <summary>Creates the context, for a derived context type.</summary>
    /// <param name="options">The options: a provider, and optionally the model settings.</param>
    protected SecurityResetDbContext(DbContextOptions options)
        : base(options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _model = options.FindExtension<SecurityResetOptionsExtension>()?.Model ?? new SecurityResetModelOptions();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.AddSecurityReset(_model);
    }
}
