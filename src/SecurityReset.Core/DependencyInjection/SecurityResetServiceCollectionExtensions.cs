using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecurityReset;
using SecurityReset.Ports;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SecurityReset in a service collection.</summary>
public static class SecurityResetServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecurityResetService"/> with validated options: checked once, at host start-up (or when
    /// the service is first resolved without a host), and the service uses that same checked instance. Every registration is a TryAdd: register your own port implementations before or after
    /// and yours win. Choose the adapters on the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least <see cref="SecurityResetOptions.SecretKey"/>.</param>
    /// <returns>The builder.</returns>
    public static SecurityResetBuilder AddSecurityReset(this IServiceCollection services, Action<SecurityResetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SecurityResetOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityResetOptions>, SecurityResetOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IVerificationCodeGenerator>(RandomVerificationCodeGenerator.Instance);
        services.TryAddSingleton(CreateService);
        return new SecurityResetBuilder(services);
    }

    /// <summary>The service over the options instance the start-up validation checked, so it is not checked again.</summary>
    private static SecurityResetService CreateService(IServiceProvider provider) => new(
        new StartupValidatedOptions(provider.GetRequiredService<IOptionsMonitor<SecurityResetOptions>>().CurrentValue),
        provider.GetRequiredService<IResetCaseStore>(),
        provider.GetRequiredService<IVerificationMessenger>(),
        provider.GetRequiredService<IIdentityChecks>(),
        provider.GetRequiredService<IAccountDirectory>(),
        provider.GetRequiredService<TimeProvider>(),
        provider.GetService<IVerificationCodeGenerator>(),
        provider.GetService<ILogger<SecurityResetService>>())
    {
        Evidence = provider.GetService<IEvidenceStore>(),
    };
}
