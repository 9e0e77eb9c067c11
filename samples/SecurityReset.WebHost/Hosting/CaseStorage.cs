using SecurityReset.DependencyInjection;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// The one place that chooses where cases, account guards and idempotency records live, from the
/// configuration key <c>Storage:Provider</c>.
/// </summary>
/// <remarks>
/// Only <c>InMemory</c> exists today: cases are lost when the process stops. When the durable store
/// (<c>SecurityReset.EntityFrameworkCore</c>) lands, this becomes a few lines: reference it, make
/// <c>Sqlite</c> the default (a file under the content root, from <c>ConnectionStrings:SecurityReset</c>), and
/// add <c>PostgreSQL</c> with its connection string, each through <c>builder.UseEntityFrameworkCoreStore(...)</c>.
/// Nothing else in the host names a store.
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
