namespace SecurityReset.EntityFrameworkCore;

/// <summary>
/// Where the store's tables live: an optional schema and a prefix for the table names. The column names are
/// fixed. Not thread-safe while being configured; read once when the model is built.
/// </summary>
public sealed class SecurityResetModelOptions
{
    /// <summary>The default table prefix.</summary>
    public const string DefaultTablePrefix = "SecurityReset";

    /// <summary>Gets or sets the schema of the tables, or <see langword="null"/> for the context's default schema.</summary>
    /// <value>The default value is <see langword="null"/>. SQLite has no schemas and ignores it.</value>
    public string? Schema { get; set; }

    /// <summary>
    /// Gets or sets the prefix of the table names: <c>{prefix}Cases</c>, <c>{prefix}CaseEvents</c>,
    /// <c>{prefix}AccountGuards</c>, <c>{prefix}Idempotency</c> and <c>{prefix}Outbox</c>.
    /// </summary>
    /// <value>The default value is <c>"SecurityReset"</c>.</value>
    public string TablePrefix { get; set; } = DefaultTablePrefix;

    internal string CasesTable => TablePrefix + "Cases";

    internal string EventsTable => TablePrefix + "CaseEvents";

    internal string GuardsTable => TablePrefix + "AccountGuards";

    internal string IdempotencyTable => TablePrefix + "Idempotency";

    internal string OutboxTable => TablePrefix + "Outbox";

    internal SecurityResetModelOptions Validated()
    {
        if (TablePrefix is null || TablePrefix.Length > 40 || TablePrefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new InvalidOperationException("SecurityResetModelOptions.TablePrefix must be at most 40 ASCII letters, digits or underscores.");
        }

        if (Schema is not null && (Schema.Length is 0 or > 63 || Schema.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_'))))
        {
            throw new InvalidOperationException("SecurityResetModelOptions.Schema must be null or 1-63 ASCII letters, digits or underscores.");
        }

        return this;
    }
}
