using System.Globalization;
using SecurityReset.Ports;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.CrashTests.Driver;

/// <summary>
/// The durable store, with each commit journaled twice: the messages it carries before it is sent to the database
/// (<c>commit?</c>), and its outcome once the database answered (<c>commit!</c>); a message settled by a dispatcher
/// is journaled once the database confirmed it (<c>done</c>).
/// </summary>
internal sealed class JournaledStore(IResetCaseStore inner, Journal journal) : DelegatingStore(inner)
{
    public override async Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
    {
        var version = commit.Case.Version.ToString(CultureInfo.InvariantCulture);
        journal.Append("commit?", commit.Case.Id.ToString(), version, commit.Case.State.ToString(), Journal.Ids(commit.Messages.Select(m => m.Id)));
        var result = await Inner.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        if (result == StoreWriteResult.Written)
        {
            journal.Append("commit!", commit.Case.Id.ToString(), version, commit.Case.State.ToString(), Journal.Ids(commit.Settled));
        }

        return result;
    }

    public override async Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken)
    {
        var completed = await Inner.CompleteMessageAsync(messageId, claim, cancellationToken).ConfigureAwait(false);
        if (completed)
        {
            journal.Append("done", Journal.Ids([messageId]));
        }

        return completed;
    }
}
