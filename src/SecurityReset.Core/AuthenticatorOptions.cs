
namespace SecurityReset;

/// <summary>
/// The authenticator app (TOTP) check: <see cref="SecurityResetOptions.Authenticator"/>. Not thread-safe while
/// being configured; treat an instance as read-only once the service uses it.
/// </summary>
public sealed class AuthenticatorOptions
{
    /// <summary>The authenticator's time step.</summary>
    /// <value>The default value is 30 seconds. Between 15 seconds and 2 minutes, in whole seconds.</value>
    public TimeSpan Step { get; set; } = OptionCatalog.AuthenticatorStep.Default;

    /// <summary>How many time steps before and after the current one an authenticator code may come from.</summary>
    /// <value>The default value is 1. Between 0 and 2.</value>
    public int WindowSteps { get; set; } = OptionCatalog.AuthenticatorWindowSteps.Default;

    /// <summary>Wrong authenticator codes per case before the authenticator check is closed.</summary>
    /// <value>The default value is 5. Between 1 and 10.</value>
    public int MaxFailures { get; set; } = OptionCatalog.AuthenticatorMaxFailures.Default;
}
