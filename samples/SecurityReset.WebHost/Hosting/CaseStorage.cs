using SecurityReset.DependencyInjection;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// The one place that chooses where cases, account guards and idempotency records live, from the
/// configuration key <c>Storage:Provider</c>.
/// </summary>
/// <remarks>
/// The sample knows only <c>InMemory</c> for now: cases are lost when the process stops. Moving to the durable
/// store (<c>SecurityReset.EntityFrameworkCore</c>, see docs/storage.md) is a few lines here: reference it, add
/// <c>"SQLITE" =&gt; builder.UseEntityFrameworkCoreStore(db =&gt; db.UseSqlite(...))</c> as the default (a file
/// from <c>ConnectionStrings:SecurityReset</c>) and <c>"POSTGRESQL" =&gt; ...UseNpgsql(...)</c>, and call
/// <c>EnsureSecurityResetSchemaAsync()</c> at start-up. A durable store also needs a secret key that outlives
/// the process (the development key is made per process). Nothing else in the host names a store.
/// </remarks>
internal static class CaseStorage
{
    public const string ProviderKey = "Storage:Provider";

    public static SecurityResetBuilder UseConfiguredStore(this SecurityResetBuilder builder, IConfiguration configuration)
    {
        var provider = configuration[ProviderKey] is { Length: > 0 } configured ? configured : "InMemory";
        return provider.ToUpperInvariant() switch
        {
            "INMEMORY" => builder.UseInMemoryStore(),
            _ => throw new InvalidOperationException($"Unknown {ProviderKey} '{provider}'. This build knows: InMemory."),
        };
    }

    /// <summary>Where cases live, in words, for the start page and the start-up line.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The description.</returns>
    public static string Describe(IConfiguration configuration) =>
        (configuration[ProviderKey] ?? "InMemory").ToUpperInvariant() switch
        {
            "INMEMORY" => "in-memory store (lost when the host stops)",
            var other => other,
        };
}
