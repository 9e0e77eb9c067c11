using SecurityReset.Benchmarks.Support;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// The library's in-memory adapters behind thin forwarders, so one service (built once) can be pointed at fresh,
/// empty adapters before each case: the store (with its guards and outbox), the messenger and the directory never grow during a run,
/// and the account is as it was (a completed reset changes it). <see cref="Reset"/> is measured on its own.
/// </summary>
internal sealed class AdapterRig
{
    public AdapterRig() => Reset();

    public InMemoryResetCaseStore Cases { get; private set; } = null!;

    public RecordingMessenger Outbox { get; private set; } = null!;

    public InMemoryAccountDirectory Directory { get; private set; } = null!;

    public IResetCaseStore StorePort => new StoreForwarder(this);

    public IVerificationMessenger MessengerPort => new MessengerForwarder(this);

    public IAccountDirectory DirectoryPort => new DirectoryForwarder(this);

    /// <summary>Fresh, empty adapters with the one account of <see cref="Fixtures"/>.</summary>
    public void Reset()
    {
        Cases = new InMemoryResetCaseStore();
        Outbox = new RecordingMessenger();
        Directory = new InMemoryAccountDirectory().Add(Fixtures.Account, Fixtures.AuthenticatorSecret, Fixtures.Facts);
    }

    /// <summary>Replaces the case store only (the footprint report detaches a full store this way).</summary>
    /// <summary>When set, the store port counts what passes through it (<see cref="CryptoCensus"/>).</summary>
    public StoreCounts? Count { get; set; }

    public void DetachCases() => Cases = new InMemoryResetCaseStore();

    /// <summary>Replaces the outbox only.</summary>
    public void ResetOutbox() => Outbox = new RecordingMessenger();

    private sealed class StoreForwarder(AdapterRig rig) : IResetCaseStore
    {
        public Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) => Read(rig.Cases.LoadAsync(id, cancellationToken));

        public Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
        {
            if (rig.Count is { } count)
            {
                count.SnapshotsWritten++;
                count.SnapshotBytes += commit.Case.Payload.Length;
                count.EventsSealed += commit.Events.Count;
                count.MessagesSealed += commit.Messages.Count;
                count.MessageBytes += commit.Messages.Sum(m => (long)m.Payload.Length);
            }

            return rig.Cases.CommitAsync(commit, cancellationToken);
        }

        public Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken) => rig.Cases.LoadGuardAsync(accountId, cancellationToken);

        public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
            rig.Cases.FindIdempotencyAsync(key, now, cancellationToken);

        public Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken) =>
            Counted(rig.Cases.ClaimMessagesAsync(claim, now, leaseUntil, batchSize, cancellationToken), (count, messages) => count.MessagesOpened += messages.Count);

        public Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken) => rig.Cases.CompleteMessageAsync(messageId, claim, cancellationToken);

        public Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
            rig.Cases.RetryMessageAsync(messageId, claim, dueAt, cancellationToken);

        public Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) => Read(rig.Cases.FindOpenCaseAsync(accountId, cancellationToken));

        public Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
            ReadAll(rig.Cases.ListReviewQueueAsync(after, pageSize, cancellationToken));

        public Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
            ReadAll(rig.Cases.ListExpiredAsync(now, pageSize, cancellationToken));

        public Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) => ReadAll(rig.Cases.ListApprovedAsync(pageSize, cancellationToken));

        public Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) => ReadAll(rig.Cases.ListPurgeDueAsync(now, pageSize, cancellationToken));

        public Task<IReadOnlyList<StoredCase>> ListCasesAsync(CaseId? after, int pageSize, CancellationToken cancellationToken) => ReadAll(rig.Cases.ListCasesAsync(after, pageSize, cancellationToken));

        public Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken) => rig.Cases.ListMessagesAsync(caseIds, cancellationToken);

        public Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) =>
            Counted(rig.Cases.ReadEventsAsync(id, cancellationToken), (count, events) => count.EventsVerified += events.Count);

        // The in-memory store completes synchronously, so counting needs no continuation on the measured path.
        private Task<T> Counted<T>(Task<T> task, Action<StoreCounts, T> add)
        {
            if (rig.Count is { } count)
            {
                add(count, task.GetAwaiter().GetResult());
            }

            return task;
        }

        private Task<StoredCase?> Read(Task<StoredCase?> task) => Counted(task, (count, found) =>
        {
            if (found is not null)
            {
                count.SnapshotsRead++;
                count.SnapshotBytes += found.Payload.Length;
            }
        });

        private Task<IReadOnlyList<StoredCase>> ReadAll(Task<IReadOnlyList<StoredCase>> task) => Counted(task, (count, found) =>
        {
            count.SnapshotsRead += found.Count;
            count.SnapshotBytes += found.Sum(c => (long)c.Payload.Length);
        });
    }

    private sealed class MessengerForwarder(AdapterRig rig) : IVerificationMessenger
    {
        public Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken) => rig.Outbox.SendCodeAsync(message, cancellationToken);

        public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken) => rig.Outbox.SendNotificationAsync(notification, cancellationToken);
    }

    private sealed class DirectoryForwarder(AdapterRig rig) : IAccountDirectory
    {
        public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken) => rig.Directory.ResolveAccountIdAsync(identifier, cancellationToken);

        public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken) => rig.Directory.GetAccountAsync(accountId, cancellationToken);

        public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken) => rig.Directory.GetAuthenticatorSecretAsync(accountId, cancellationToken);

        public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken) => rig.Directory.GetQuestionnaireFactsAsync(accountId, cancellationToken);

        public Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken) => rig.Directory.ApplyResetAsync(instruction, cancellationToken);
    }
}
