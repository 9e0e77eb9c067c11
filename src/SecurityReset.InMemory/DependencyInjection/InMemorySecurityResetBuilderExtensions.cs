using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset;

/// <summary>
/// Registers the in-memory adapters on a <see cref="SecurityResetBuilder"/>. Each choice is a TryAdd: an
/// implementation you registered yourself stays.
/// </summary>
public static class InMemorySecurityResetBuilderExtensions
{
    /// <summary>Keeps cases, account guards and idempotency records in process memory (lost on restart).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseInMemoryStore(this SecurityResetBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IResetCaseStore, InMemoryResetCaseStore>();
        return builder;
    }

    /// <summary>Keeps uploaded evidence files in process memory, by case (lost on restart; tests and samples only).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseInMemoryEvidenceStore(this SecurityResetBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryEvidenceStore>();
        builder.Services.TryAddSingleton<IEvidenceStore>(sp => sp.GetRequiredService<InMemoryEvidenceStore>());
        return builder;
    }

    /// <summary>Records codes and notifications in an outbox instead of sending them (tests and samples only).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseRecordingMessenger(this SecurityResetBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<RecordingMessenger>();
        builder.Services.TryAddSingleton<IVerificationMessenger>(sp => sp.GetRequiredService<RecordingMessenger>());
        return builder;
    }

    /// <summary>Uses an in-memory account directory (tests and samples only).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="seed">Adds the accounts.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseInMemoryAccountDirectory(this SecurityResetBuilder builder, Action<InMemoryAccountDirectory>? seed = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(_ =>
        {
            var directory = new InMemoryAccountDirectory();
            seed?.Invoke(directory);
            return directory;
        });
        builder.Services.TryAddSingleton<IAccountDirectory>(sp => sp.GetRequiredService<InMemoryAccountDirectory>());
        return builder;
    }

    /// <summary>Uses the in-memory stand-in identity vendor (tests and samples only).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder UseInMemoryIdentityChecks(this SecurityResetBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryIdentityChecks>();
        builder.Services.TryAddSingleton<IIdentityChecks>(sp => sp.GetRequiredService<InMemoryIdentityChecks>());
        return builder;
    }
}
