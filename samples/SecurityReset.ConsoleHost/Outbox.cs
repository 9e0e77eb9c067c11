using System.Collections.Concurrent;
using SecurityReset.InMemory;
using SecurityReset.Ports;
using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// Prints what the recording messenger "sent": each code in clear (so a person can type it) to a masked
/// destination, and each notification. Lines are held until <see cref="Flush"/> so that they follow the step
/// that caused them.
/// </summary>
internal sealed class Outbox : IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly RecordingMessenger _messenger;
    private readonly ConcurrentQueue<CodeMessage> _codes = new();
    private int _notificationsShown;

    public Outbox(IAnsiConsole console, RecordingMessenger messenger)
    {
        _console = console;
        _messenger = messenger;
        _notificationsShown = messenger.Notifications.Count;
        _messenger.CodeSent += OnCodeSent;
    }

    /// <summary>Prints the codes and notifications sent since the last flush.</summary>
    public void Flush()
    {
        while (_codes.TryDequeue(out var code))
        {
            _console.MarkupLineInterpolated(
                $"    [yellow]outbox[/]  {code.Kind,-5}  {Display.Mask(code.Kind, code.Address),-18}  code [bold yellow]{code.Code}[/]  valid until {Display.Clock(code.ExpiresAt)}");
        }

        var notifications = _messenger.Notifications;
        for (; _notificationsShown < notifications.Count; _notificationsShown++)
        {
            var notice = notifications[_notificationsShown];
            _console.MarkupLineInterpolated(
                $"    [grey]outbox[/]  {notice.Kind,-5}  {Display.Mask(notice.Kind, notice.Address),-18}  notice {notice.Subject}");
        }
    }

    public void Dispose() => _messenger.CodeSent -= OnCodeSent;

    private void OnCodeSent(object? sender, CodeMessage message) => _codes.Enqueue(message);
}
