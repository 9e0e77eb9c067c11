using SecurityReset.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;

#pragma warning disable IDE0130 // Extensions of EF Core types live in EF Core's namespace, so they are found without a using.
namespace Microsoft.EntityFrameworkCore;
#pragma warning restore IDE0130

/// <summary>Adds the SecurityReset store's tables to an Entity Framework Core model.</summary>
public static class SecurityResetModelBuilderExtensions
{
    private const int AccountIdMax = 200;
    private const int ActorIdMax = 200;
    private const int StateMax = 32;

    /// <summary>
    /// Adds the five tables of the SecurityReset store (cases, case events, account guards, idempotency records,
    /// the outbox)
    /// to a model: call it from <c>OnModelCreating</c> of your own context to keep them beside your tables and in
    /// your migrations, then register the store with
    /// <c>UseEntityFrameworkCoreStore&lt;TContext&gt;()</c>.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="configure">Sets the schema and table prefix; the defaults when <see langword="null"/>.</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddSecurityReset(this ModelBuilder modelBuilder, Action<SecurityResetModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new SecurityResetModelOptions();
        configure?.Invoke(options);
        return modelBuilder.AddSecurityReset(options.Validated());
    }

    internal static ModelBuilder AddSecurityReset(this ModelBuilder modelBuilder, SecurityResetModelOptions options)
    {
        modelBuilder.Entity<CaseRow>(e =>
        {
            e.ToTable(options.CasesTable, options.Schema);
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.AccountId).HasMaxLength(AccountIdMax).IsRequired();
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(StateMax).IsRequired();
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Property(r => r.Payload).IsRequired();

            // One open case per account, enforced by the database itself.
            e.HasIndex(r => r.AccountId).IsUnique().HasFilter(CaseStates.OpenFilter).HasDatabaseName($"IX_{options.CasesTable}_OpenAccount");

            // The review queue pages by (submitted at, id) within the Submitted state.
            e.HasIndex(r => new { r.State, r.SubmittedAtUtcTicks, r.Id }).HasDatabaseName($"IX_{options.CasesTable}_ReviewQueue");

            // The expiry job and the approved-reset job look up cases by state and time.
            e.HasIndex(r => new { r.State, r.ExpiresAtUtcTicks }).HasDatabaseName($"IX_{options.CasesTable}_Expiry");

            // The purge job looks up ended cases by their purge due time; purged and open ones have none.
            e.HasIndex(r => r.PurgeAfterUtcTicks).HasDatabaseName($"IX_{options.CasesTable}_PurgeDue");
        });

        modelBuilder.Entity<CaseEventRow>(e =>
        {
            e.ToTable(options.EventsTable, options.Schema);
            e.HasKey(r => new { r.CaseId, r.Version, r.Sequence });
            e.Property(r => r.Type).HasMaxLength(64).IsRequired();
            e.Property(r => r.ActorKind).HasConversion<string>().HasMaxLength(16).IsRequired();
            e.Property(r => r.ActorId).HasMaxLength(ActorIdMax).IsRequired();
            e.Property(r => r.Seal).HasMaxLength(64).IsUnicode(false);

            // The trail outlives any change to its case's row: deleting a case never takes its events along.
            e.HasOne<CaseRow>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<AccountGuardRow>(e =>
        {
            e.ToTable(options.GuardsTable, options.Schema);
            e.HasKey(r => r.AccountId);
            e.Property(r => r.AccountId).HasMaxLength(AccountIdMax);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Property(r => r.Payload).HasMaxLength(AccountGuardRow.PayloadMax).IsUnicode(false).IsRequired();
        });

        modelBuilder.Entity<IdempotencyRow>(e =>
        {
            e.ToTable(options.IdempotencyTable, options.Schema);
            e.HasKey(r => r.Key);
            e.Property(r => r.Key).HasMaxLength(256);
            e.Property(r => r.RequestHash).HasMaxLength(128).IsRequired();
            e.Property(r => r.ResultJson).IsRequired();
            e.HasIndex(r => r.ExpiresAtUtcTicks).HasDatabaseName($"IX_{options.IdempotencyTable}_Expiry");
        });

        modelBuilder.Entity<OutboxRow>(e =>
        {
            e.ToTable(options.OutboxTable, options.Schema);
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Payload).IsRequired();

            // Dispatchers claim the due messages, earliest first.
            e.HasIndex(r => r.DueAtUtcTicks).HasDatabaseName($"IX_{options.OutboxTable}_Due");
        });

        return modelBuilder;
    }
}
