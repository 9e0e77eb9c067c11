using Microsoft.Extensions.Options;

namespace SecurityReset;

/// <summary>
/// Options that the container's start-up validation has checked already, so the service does not check them
/// again. Immutable; thread-safe.
/// </summary>
/// <param name="value">The validated options.</param>
internal sealed class StartupValidatedOptions(SecurityResetOptions value) : IOptions<SecurityResetOptions>
{
    /// <inheritdoc />
    public SecurityResetOptions Value { get; } = value;
}
