using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// A messenger that sends nothing and records everything in an outbox you can read: for tests and samples.
/// It holds codes in clear in memory, so never use it in production. Thread-safe.
/// </summary>
public sealed class RecordingMessenger : IVerificationMessenger
{
    private readonly Lock _gate = new();
    private readonly List<CodeMessage> _codes = [];
    private readonly List<Notification> _notifications = [];

    /// <summary>Raised after a code is recorded, for hosts that print the outbox.</summary>
    public event EventHandler<CodeMessage>? CodeSent;

    /// <summary>The codes sent so far, oldest first.</summary>
    public IReadOnlyList<CodeMessage> Codes
    {
        get
        {
            lock (_gate)
            {
                return [.. _codes];
            }
        }
    }

    /// <summary>The notifications sent so far, oldest first.</summary>
    public IReadOnlyList<Notification> Notifications
    {
        get
        {
            lock (_gate)
            {
                return [.. _notifications];
            }
        }
    }

    /// <summary>The last code sent to an address in a case, or <see langword="null"/>.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="kind">Email or phone.</param>
    /// <returns>The code.</returns>
    public string? LastCode(CaseId caseId, ContactKind kind)
    {
        lock (_gate)
        {
            return _codes.LastOrDefault(c => c.CaseId == caseId && c.Kind == kind)?.Code;
        }
    }

    /// <inheritdoc />
    public Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _codes.Add(message);
        }

        CodeSent?.Invoke(this, message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _notifications.Add(notification);
        }

        return Task.CompletedTask;
    }
}
