using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecurityReset;
using SecurityReset.DependencyInjection;
using SecurityReset.Service;
using SecurityReset.Verification;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SecurityReset in a service collection.</summary>
public static class SecurityResetServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecurityResetService"/> with validated options (checked when first resolved, and at
    /// host start-up). Every registration is a TryAdd: register your own port implementations before or after
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
        services.TryAddSingleton<SecurityResetService>();
        return new SecurityResetBuilder(services);
    }
}
