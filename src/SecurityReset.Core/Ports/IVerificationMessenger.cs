namespace SecurityReset.Ports;

/// <summary>Sends codes and notifications through the host's mail and SMS gateways. Thread-safe.</summary>
public interface IVerificationMessenger
{
    /// <summary>Sends a verification code. Throw when it could not be handed to the gateway.</summary>
    /// <param name="message">The code and where to send it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken);

    /// <summary>Sends a notification to a bound channel.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken);
}
