using System.Collections.Concurrent;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.CrashTests.Driver;

/// <summary>
/// The recording messenger, with every hand-over journaled before it is taken (<c>send</c>): the gateway's own
/// record, which survives the process. The codes journaled by earlier lives are read back, so that a restarted
/// child can type the code its applicant received.
/// </summary>
internal sealed class JournaledMessenger : IVerificationMessenger
{
    private readonly RecordingMessenger _inner = new();
    private readonly Journal? _journal;
    private readonly ConcurrentDictionary<(string CaseId, string Address), string> _codes = new();

    public JournaledMessenger(Journal? journal) => _journal = journal;

    /// <summary>Reads back the codes earlier lives sent.</summary>
    public void Remember(IEnumerable<string[]> earlier)
    {
        foreach (var record in earlier.Where(r => r is ["send", _, _, "code", _, _]))
        {
            _codes[(record[2], record[4])] = record[5];
        }
    }

    /// <summary>The last code a case sent to an address.</summary>
    public string? LastCode(CaseId caseId, string address) => _codes.GetValueOrDefault((caseId.ToString(), address));

    public Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _journal?.Append("send", Journal.Ids([message.MessageId]), message.CaseId.ToString(), "code", message.Address, message.Code);
        _codes[(message.CaseId.ToString(), message.Address)] = message.Code;
        return _inner.SendCodeAsync(message, cancellationToken);
    }

    public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        _journal?.Append("send", Journal.Ids([notification.MessageId]), notification.CaseId.ToString(), "notice", notification.Address, notification.Subject.ToString());
        return _inner.SendNotificationAsync(notification, cancellationToken);
    }
}
