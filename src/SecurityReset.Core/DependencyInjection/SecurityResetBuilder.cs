using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.DependencyInjection;

/// <summary>Chooses the adapters of the ports. Each choice is a TryAdd: an implementation you registered yourself stays.</summary>
public sealed class SecurityResetBuilder
{
    internal SecurityResetBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for adapter packages that extend the builder.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps cases, account guards and idempotency records in process memory (lost on restart).</summary>
    /// <returns>This builder.</returns>
    public SecurityResetBuilder UseInMemoryStore()
    {
        Services.TryAddSingleton<IResetCaseStore, InMemoryResetCaseStore>();
        Services.TryAddSingleton<IAccountGuardStore, InMemoryAccountGuardStore>();
        Services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        return this;
    }

    /// <summary>Records codes and notifications in an outbox instead of sending them (tests and samples only).</summary>
    /// <returns>This builder.</returns>
    public SecurityResetBuilder UseRecordingMessenger()
    {
        Services.TryAddSingleton<RecordingMessenger>();
        Services.TryAddSingleton<IVerificationMessenger>(sp => sp.GetRequiredService<RecordingMessenger>());
        return this;
    }

    /// <summary>Uses an in-memory account directory (tests and samples only).</summary>
    /// <param name="seed">Adds the accounts.</param>
    /// <returns>This builder.</returns>
    public SecurityResetBuilder UseInMemoryAccountDirectory(Action<InMemoryAccountDirectory>? seed = null)
    {
        Services.TryAddSingleton(_ =>
        {
            var directory = new InMemoryAccountDirectory();
            seed?.Invoke(directory);
            return directory;
        });
        Services.TryAddSingleton<IAccountDirectory>(sp => sp.GetRequiredService<InMemoryAccountDirectory>());
        return this;
    }

    /// <summary>Uses the in-memory stand-in identity vendor (tests and samples only).</summary>
    /// <returns>This builder.</returns>
    public SecurityResetBuilder UseInMemoryIdentityChecks()
    {
        Services.TryAddSingleton<InMemoryIdentityChecks>();
        Services.TryAddSingleton<IIdentityChecks>(sp => sp.GetRequiredService<InMemoryIdentityChecks>());
        return this;
    }
}
