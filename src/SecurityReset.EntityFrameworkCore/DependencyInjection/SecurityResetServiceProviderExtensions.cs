using Microsoft.Extensions.DependencyInjection;

#pragma warning disable IDE0130 // Registration extensions live beside the builder they extend.
namespace SecurityReset;
#pragma warning restore IDE0130

/// <summary>Schema creation for hosts built with <c>UseEntityFrameworkCoreStore</c>.</summary>
public static class SecurityResetServiceProviderExtensions
{
    /// <summary>
    /// Creates the store's tables when they are missing (see
    /// <see cref="SecurityReset.EntityFrameworkCore.EntityFrameworkCoreResetCaseStore{TContext}.EnsureSchemaAsync"/>): for samples,
    /// tests and a first start on SQLite. Production databases take the shipped scripts or migrations.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public static Task EnsureSecurityResetSchemaAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var initializer = services.GetService<SchemaInitializer>()
            ?? throw new InvalidOperationException("No Entity Framework Core store is registered: call UseEntityFrameworkCoreStore first.");
        return initializer.EnsureAsync(cancellationToken);
    }
}
