using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>How an injected fault shows itself to the service.</summary>
public enum FaultKind
{
    /// <summary>The port throws before doing anything (the dependency is down).</summary>
    Throws,

    /// <summary>The port times out before doing anything.</summary>
    TimesOut,

    /// <summary>The caller's token is cancelled and the port throws <see cref="OperationCanceledException"/>.</summary>
    Cancelled,

    /// <summary>The port does its work, then times out: the service cannot know the call took effect.</summary>
    TimesOutAfterDoingIt,
}

/// <summary>Counts the calls of every decorated port and fails the k-th one, once.</summary>
internal sealed class FaultPlan
{
    private int _calls;
    private int _failAt;
    private FaultKind _kind;
    private CancellationTokenSource? _cancel;

    public int Calls => _calls;

    public string? FiredAt { get; private set; }

    public void Arm(int failAt, FaultKind kind, CancellationTokenSource cancel)
    {
        (_calls, _failAt, _kind, _cancel, FiredAt) = (0, failAt, kind, cancel, null);
    }

    public void Count() => (_calls, _failAt, FiredAt) = (0, -1, null);

    public void Disarm() => _failAt = -1;

    public void Before(string port)
    {
        if (++_calls != _failAt || _kind == FaultKind.TimesOutAfterDoingIt)
        {
            return;
        }

        FiredAt = port;
        _failAt = -1;
        switch (_kind)
        {
            case FaultKind.Throws:
                throw new InvalidOperationException($"injected: {port} is down");
            case FaultKind.TimesOut:
                throw new TimeoutException($"injected: {port} timed out");
            default:
                _cancel!.Cancel();
                throw new OperationCanceledException($"injected: {port} cancelled", _cancel.Token);
        }
    }

    public void After(string port)
    {
        if (_calls == _failAt && _kind == FaultKind.TimesOutAfterDoingIt)
        {
            FiredAt = port;
            _failAt = -1;
            throw new TimeoutException($"injected: {port} timed out after doing its work");
        }
    }

    public async Task<T> Call<T>(string port, Func<Task<T>> call)
    {
        Before(port);
        var result = await call().ConfigureAwait(false);
        After(port);
        return result;
    }

    public async Task Call(string port, Func<Task> call)
    {
        Before(port);
        await call().ConfigureAwait(false);
        After(port);
    }
}

/// <summary>A store that fails on plan at every call, the commit and each outbox step included.</summary>
internal sealed class FaultyStore(IResetCaseStore inner, FaultPlan plan) : DelegatingStore(inner)
{
    public override Task<StoredCase?> LoadAsync(CaseId id, CancellationToken cancellationToken) =>
        plan.Call("store.Load", () => base.LoadAsync(id, cancellationToken));

    public override Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken) =>
        plan.Call("store.Commit", () => base.CommitAsync(commit, cancellationToken));

    public override Task<AccountGuard?> LoadGuardAsync(string accountId, CancellationToken cancellationToken) =>
        plan.Call("store.LoadGuard", () => base.LoadGuardAsync(accountId, cancellationToken));

    public override Task<IdempotencyRecord?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        plan.Call("store.FindIdempotency", () => base.FindIdempotencyAsync(key, now, cancellationToken));

    public override Task<IReadOnlyList<OutboxMessage>> ClaimMessagesAsync(Guid claim, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken) =>
        plan.Call("store.ClaimMessages", () => base.ClaimMessagesAsync(claim, now, leaseUntil, batchSize, cancellationToken));

    public override Task<bool> CompleteMessageAsync(Guid messageId, Guid claim, CancellationToken cancellationToken) =>
        plan.Call("store.CompleteMessage", () => base.CompleteMessageAsync(messageId, claim, cancellationToken));

    public override Task<bool> RetryMessageAsync(Guid messageId, Guid claim, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        plan.Call("store.RetryMessage", () => base.RetryMessageAsync(messageId, claim, dueAt, cancellationToken));

    public override Task<StoredCase?> FindOpenCaseAsync(string accountId, CancellationToken cancellationToken) =>
        plan.Call("store.FindOpen", () => base.FindOpenCaseAsync(accountId, cancellationToken));

    public override Task<IReadOnlyList<StoredCase>> ListReviewQueueAsync(ReviewQueueCursor? after, int pageSize, CancellationToken cancellationToken) =>
        plan.Call("store.ListQueue", () => base.ListReviewQueueAsync(after, pageSize, cancellationToken));

    public override Task<IReadOnlyList<StoredCase>> ListExpiredAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        plan.Call("store.ListExpired", () => base.ListExpiredAsync(now, pageSize, cancellationToken));

    public override Task<IReadOnlyList<StoredCase>> ListApprovedAsync(int pageSize, CancellationToken cancellationToken) =>
        plan.Call("store.ListApproved", () => base.ListApprovedAsync(pageSize, cancellationToken));

    public override Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
        plan.Call("store.ListPurgeDue", () => base.ListPurgeDueAsync(now, pageSize, cancellationToken));

    public override Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken) =>
        plan.Call("store.ReadEvents", () => base.ReadEventsAsync(id, cancellationToken));
}

/// <summary>A messenger decorator that fails on plan and records only the sends that returned normally.</summary>
internal sealed class FaultyMessenger(IVerificationMessenger inner, FaultPlan plan) : IVerificationMessenger
{
    private readonly Lock _gate = new();
    private readonly List<CodeMessage> _delivered = [];

    public IReadOnlyList<CodeMessage> Delivered
    {
        get
        {
            lock (_gate)
            {
                return [.. _delivered];
            }
        }
    }

    public async Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken)
    {
        await plan.Call("messenger.SendCode", () => inner.SendCodeAsync(message, cancellationToken)).ConfigureAwait(false);
        lock (_gate)
        {
            _delivered.Add(message);
        }
    }

    public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken) =>
        plan.Call("messenger.SendNotification", () => inner.SendNotificationAsync(notification, cancellationToken));
}

internal sealed class FaultyIdentity(IIdentityChecks inner, FaultPlan plan) : IIdentityChecks
{
    public Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, CaseId caseId, string sessionId, CancellationToken cancellationToken) =>
        plan.Call("identity.FaceScan", () => inner.GetFaceScanResultAsync(accountId, caseId, sessionId, cancellationToken));

    public Task<bool> IsKycDocumentAsync(string accountId, DocumentSubmission document, CancellationToken cancellationToken) =>
        plan.Call("identity.IsKycDocument", () => inner.IsKycDocumentAsync(accountId, document, cancellationToken));

    public Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken) =>
        plan.Call("identity.CheckVideo", () => inner.CheckVideoAsync(accountId, video, cancellationToken));
}

internal sealed class FaultyDirectory(IAccountDirectory inner, FaultPlan plan) : IAccountDirectory
{
    public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken) =>
        plan.Call("directory.Resolve", () => inner.ResolveAccountIdAsync(identifier, cancellationToken));

    public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken) =>
        plan.Call("directory.GetAccount", () => inner.GetAccountAsync(accountId, cancellationToken));

    public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken) =>
        plan.Call("directory.GetSecret", () => inner.GetAuthenticatorSecretAsync(accountId, cancellationToken));

    public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken) =>
        plan.Call("directory.GetFacts", () => inner.GetQuestionnaireFactsAsync(accountId, cancellationToken));

    public Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken) =>
        plan.Call("directory.ApplyReset", () => inner.ApplyResetAsync(instruction, cancellationToken));
}

/// <summary>A world whose store, messenger, identity vendor and directory fail on plan.</summary>
internal sealed class FaultWorld
{
    public FaultWorld(LeakCollector? leaks = null)
    {
        FaultyMessenger? messenger = null;
        var faulty = new PortWrappers(
            Store: s => new FaultyStore(s, Plan),
            Messenger: m => messenger = new FaultyMessenger(m, Plan),
            Identity: i => new FaultyIdentity(i, Plan),
            Directory: d => new FaultyDirectory(d, Plan));
        World = new World(o =>
        {
            // Short retry delays and leases, so a delivery step that advances the clock past them sees every message due again.
            o.Delivery.FirstRetryDelay = TimeSpan.FromSeconds(1);
            o.Delivery.MaxRetryDelay = TimeSpan.FromSeconds(1);
            o.Delivery.Lease = TimeSpan.FromSeconds(10);
        }, wrap: leaks?.Wrap(faulty) ?? faulty, loggers: leaks?.Loggers);
        leaks?.Watch(World);
        Messenger = messenger!;
    }

    public FaultPlan Plan { get; } = new();

    public World World { get; }

    public FaultyMessenger Messenger { get; }

    public SecurityResetService Service => World.Service;

    public CaseId Case { get; set; }

    /// <summary>The outbox messages still waiting in this world's store, opened: what is pending delivery.</summary>
    public IReadOnlyList<(Guid Id, SecurityReset.Delivery.OutboxContent Content)> Pending()
    {
        var sealer = new SecurityReset.Delivery.OutboxSealer(new PersonalDataProtector(new SecretKeyring(World.SecretKey)));
        return [.. ((SecurityReset.InMemory.InMemoryResetCaseStore)World.RawStore).Messages.Select(m => (m.Id, sealer.Open(m)))];
    }

    /// <summary>The last code the messenger took for an address in this case.</summary>
    public string Code(string address) => Messenger.Delivered.LastOrDefault(m => m.CaseId == Case && m.Address == address)?.Code ?? "000000";
}
