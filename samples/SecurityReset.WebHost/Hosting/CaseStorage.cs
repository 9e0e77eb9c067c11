using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// The one place that chooses where cases, account guards and idempotency records live, from the
/// configuration key <c>Storage:Provider</c>: <c>Sqlite</c> (the default, a file from
/// <c>ConnectionStrings:SecurityReset</c>), <c>PostgreSQL</c> (the same connection string, for several
/// instances) or <c>InMemory</c> (lost when the process stops; the tests use it).
/// </summary>
internal static class CaseStorage
{
    public const string ProviderKey = "Storage:Provider";
    public const string ConnectionStringName = "SecurityReset";
    private const string DefaultSqlite = "Data Source=securityreset-web.db";
    private const string DevelopmentKeyFile = "securityreset-web.key";

    public static SecurityResetBuilder UseConfiguredStore(this SecurityResetBuilder builder, IConfiguration configuration)
    {
        var connection = configuration.GetConnectionString(ConnectionStringName);
        return Provider(configuration) switch
        {
            "INMEMORY" => builder.UseInMemoryStore(),
            "SQLITE" => builder.UseEntityFrameworkCoreStore(db => db.UseSqlite(connection ?? DefaultSqlite)),
            "POSTGRESQL" => builder.UseEntityFrameworkCoreStore(db => db.UseNpgsql(connection
                ?? throw new InvalidOperationException($"Storage:Provider PostgreSQL needs ConnectionStrings:{ConnectionStringName}."))),
            var other => throw new InvalidOperationException($"Unknown {ProviderKey} '{other}'. This host knows: Sqlite, PostgreSQL, InMemory."),
        };
    }

    /// <summary>Creates the tables of a durable store when they are missing.</summary>
    /// <param name="app">The application.</param>
    /// <returns>A task.</returns>
    public static Task PrepareAsync(WebApplication app) =>
        Provider(app.Configuration) == "INMEMORY" ? Task.CompletedTask : app.Services.EnsureSecurityResetSchemaAsync();

    /// <summary>
    /// The development secret key. Cases in a durable store outlive the process, and so must the key that hashes
    /// their codes and seals their contacts: it is kept in a file beside the database. A real deployment reads
    /// <c>SecurityReset:SecretKey</c> from its secret store instead.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="contentRoot">The host's content root.</param>
    /// <returns>The base64 key.</returns>
    public static string DevelopmentKey(IConfiguration configuration, string contentRoot)
    {
        if (Provider(configuration) == "INMEMORY")
        {
            return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        var path = Path.Combine(contentRoot, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>Where cases live, in words, for the start page and the start-up line.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The description.</returns>
    public static string Describe(IConfiguration configuration) => Provider(configuration) switch
    {
        "INMEMORY" => "the in-memory store (lost when the host stops)",
        "SQLITE" => "SQLite, the default (" + (configuration.GetConnectionString(ConnectionStringName) ?? DefaultSqlite) + ")",
        var other => other == "POSTGRESQL" ? "PostgreSQL" : other,
    };

    private static string Provider(IConfiguration configuration) =>
        (configuration[ProviderKey] is { Length: > 0 } configured ? configured : "Sqlite").ToUpperInvariant();
}
