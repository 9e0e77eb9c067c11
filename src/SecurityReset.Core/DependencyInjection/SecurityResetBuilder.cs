using Microsoft.Extensions.DependencyInjection;

namespace SecurityReset;

/// <summary>
/// Chooses the adapters of the ports: adapter packages extend it (SecurityReset.EntityFrameworkCore,
/// SecurityReset.InMemory), and your own implementations are registered on <see cref="Services"/>.
/// </summary>
public sealed class SecurityResetBuilder
{
    internal SecurityResetBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for adapter packages that extend the builder.</summary>
    public IServiceCollection Services { get; }
}
