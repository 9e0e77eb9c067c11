using System.Globalization;
using System.Text;
using SecurityReset.Storage;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Every port call of each seed scenario fails once — it throws, times out, is cancelled, or times out after
/// doing its work — at every call position k of every step, the outbox dispatcher's steps included (claim, send,
/// apply the reset, complete, retry). Afterwards the case is either as before the step or as the fault-free run
/// left it (never half), every code the case counts was either taken by the messenger or waits in the outbox, and
/// a retry with the same idempotency key (or the next delivery pass) completes the step exactly once: every
/// committed message is delivered, none is lost, and no message id reaches the messenger under two codes.
/// </summary>
public sealed class FaultInjectionTests
{
    public static TheoryData<string> Scenarios => [.. FaultScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_fault_at_every_call_leaves_the_case_whole_and_a_retry_completes_it_once(string scenario)
    {
        var s = FaultScenarios.All.Single(x => x.Name == scenario);
        var reference = FaultRun.Reference(s);
        var problems = new List<string>();
        var positions = 0;
        for (var step = s.FirstFaultyStep; step < s.Steps.Count; step++)
        {
            for (var k = 1; k <= reference.Calls[step]; k++)
            {
                foreach (var kind in Enum.GetValues<FaultKind>())
                {
                    positions++;
                    problems.AddRange(FaultRun.Once(s, reference, step, k, kind));
                }
            }
        }

        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"faults, {scenario}: {s.Steps.Count - s.FirstFaultyStep} steps, {reference.Calls.Skip(s.FirstFaultyStep).Sum()} port calls, {positions} fault positions × kinds run, {problems.Count} violations"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(40)));
    }
}

/// <summary>One step of a scenario: it runs with the idempotency key it is given and answers an error code or null.</summary>
/// <remarks>
/// A delivery pass is not one commit: it delivers message after message, and a reset applied whose completion
/// failed is completed by the next pass. So for a delivery step the state in between is allowed, and the next pass
/// must reach the fault-free state.
/// </remarks>
internal sealed record FaultStep(string Name, Func<FaultWorld, string, CancellationToken, Task<string?>> Run, bool IsDelivery = false);

internal sealed record FaultScenario(string Name, string AccountId, IReadOnlyList<FaultStep> Steps, int FirstFaultyStep = 0);

internal static class FaultScenarios
{
    public static readonly FaultScenario LoggedOutLostAuthenticator = new("logged-out user who lost the authenticator", Accounts.AliceId,
    [
        Open(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.LoggedOutAfterPassword) with { CallerScope = "device-1" }),
        Applicant("select", (w, k, ct) => w.Service.SelectItemsAsync(w.Case, SecurityItems.Authenticator, k, ct)),
        Applicant("request email code", (w, k, ct) => w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, k, ct)),
        Deliver("deliver email code"),
        Applicant("verify email code", (w, k, ct) => w.Service.VerifyCodeAsync(w.Case, VerificationTarget.BoundEmail, w.Code(Accounts.AliceEmail), k, ct)),
        Applicant("request sms code", (w, k, ct) => w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundPhone, k, ct)),
        Deliver("deliver sms code"),
        Applicant("verify sms code", (w, k, ct) => w.Service.VerifyCodeAsync(w.Case, VerificationTarget.BoundPhone, w.Code(Accounts.AlicePhone), k, ct)),
        .. IdentitySteps(ContactKind.Email, Accounts.NewEmailA, Accounts.AliceId),
    ]);

    public static readonly FaultScenario LoggedInAppLostAll = new("logged-in app user who lost all three", Accounts.AliceId,
    [
        Open(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.App)),
        Applicant("select", (w, k, ct) => w.Service.SelectItemsAsync(w.Case, SecurityItems.All, k, ct)),
        .. IdentitySteps(ContactKind.Phone, Accounts.NewPhone, Accounts.AliceId),
    ]);

    private static readonly FaultStep[] FaceScanSteps =
    [
        Open(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web)),
        Applicant("select", (w, k, ct) => w.Service.SelectItemsAsync(w.Case, SecurityItems.Phone, k, ct)),
        Applicant("face scan", (w, k, ct) => w.Service.RecordFaceScanAsync(w.Case, w.World.PassingScan(w.Case), k, ct)),
        Applicant("submit", (w, k, ct) => w.Service.SubmitAsync(w.Case, k, ct)),
        Deliver("deliver submission notices"),
    ];

    public static readonly FaultScenario FaceScan = new("Advanced-KYC face scan", Accounts.CarolId, FaceScanSteps);

    public static readonly FaultScenario ReviewerApproval = new("reviewer approval", Accounts.CarolId,
    [
        .. FaceScanSteps,
        Reviewer("claim", (w, k, ct) => w.Service.ClaimAsync(w.Case, "reviewer-1", k, ct)),
        Reviewer("approve", (w, k, ct) => w.Service.ApproveAsync(w.Case, "reviewer-1", k, ct)),
        Deliver("apply the reset and notify"),
    ], FirstFaultyStep: FaceScanSteps.Length);

    public static readonly IReadOnlyList<FaultScenario> All = [LoggedOutLostAuthenticator, LoggedInAppLostAll, FaceScan, ReviewerApproval];

    private static FaultStep[] IdentitySteps(ContactKind kind, string address, string uid) =>
    [
        Applicant("questionnaire", (w, k, ct) => w.Service.AnswerQuestionnaireAsync(w.Case, World.Answers(), k, ct)),
        Applicant("proofs", (w, k, ct) => w.Service.ProvideProofsAsync(w.Case, World.Proofs(), k, ct)),
        Applicant("new contact", (w, k, ct) => w.Service.SetNewContactAsync(w.Case, kind, address, k, ct)),
        Applicant("request new-contact code", (w, k, ct) => w.Service.RequestCodeAsync(w.Case, VerificationTarget.NewContact, k, ct)),
        Deliver("deliver new-contact code"),
        Applicant("verify new-contact code", (w, k, ct) => w.Service.VerifyCodeAsync(w.Case, VerificationTarget.NewContact, w.Code(address), k, ct)),
        Applicant("document", (w, k, ct) => w.Service.SubmitDocumentAsync(w.Case, World.Document(), k, ct)),
        Applicant("video", (w, k, ct) => w.Service.SubmitVideoAsync(w.Case, w.World.Video(uid), k, ct)),
        Applicant("terms", (w, k, ct) => w.Service.AcceptTermsAsync(w.Case, "2026-11", k, ct)),
        Applicant("submit", (w, k, ct) => w.Service.SubmitAsync(w.Case, k, ct)),
        Deliver("deliver submission notices"),
    ];

    private static FaultStep Open(OpenCaseRequest request) => new("open", async (w, k, ct) =>
    {
        var result = await w.Service.OpenTrackedAsync(request, k, ct);
        if (result.View is { } view)
        {
            w.Case = view.Id;
        }

        return result.ErrorCode;
    });

    /// <summary>
    /// A host's delivery loop catching up: the clock moves past every retry delay and lease, and the dispatcher runs
    /// until a pass settles nothing. A failed try stays in the outbox for the next pass (the step's retry).
    /// </summary>
    private static FaultStep Deliver(string name) => new(name, async (w, _, ct) =>
    {
        await DeliverAll(w, ct);
        return null;
    }, IsDelivery: true);

    /// <summary>Moves the clock past every retry delay and lease, and dispatches until a pass settles nothing.</summary>
    public static async Task<int> DeliverAll(FaultWorld w, CancellationToken ct = default)
    {
        w.World.Clock.Advance(TimeSpan.FromSeconds(11));
        var settled = 0;
        while (await w.Service.DispatchAsync(100, ct) is > 0 and var batch)
        {
            settled += batch;
        }

        return settled;
    }

    private static FaultStep Applicant(string name, Func<FaultWorld, string, CancellationToken, Task<ResetResult<ApplicantCaseView>>> call) =>
        new(name, async (w, k, ct) => (await call(w, k, ct)).ErrorCode);

    private static FaultStep Reviewer(string name, Func<FaultWorld, string, CancellationToken, Task<ResetResult<ReviewerCaseView>>> call) =>
        new(name, async (w, k, ct) => (await call(w, k, ct)).ErrorCode);
}

/// <summary>The fault-free run of a scenario: port calls per step and the case after each step.</summary>
internal sealed record FaultReference(IReadOnlyList<int> Calls, IReadOnlyList<string> After, IReadOnlyList<int> Delivered);

internal static class FaultRun
{
    public static FaultReference Reference(FaultScenario s, LeakCollector? leaks = null)
    {
        var w = new FaultWorld(leaks);
        var (calls, after, delivered) = (new List<int>(), new List<string>(), new List<int>());
        for (var i = 0; i < s.Steps.Count; i++)
        {
            w.Plan.Count();
            var error = Sync.Run(s.Steps[i].Run(w, Key(i), CancellationToken.None));
            Assert.True(error is null, $"{s.Name}: {s.Steps[i].Name} failed without a fault: {error}");
            calls.Add(w.Plan.Calls);
            after.Add(Logical(w, s));
            delivered.Add(Distinct(w));
        }

        return new FaultReference(calls, after, delivered);
    }

    public static IEnumerable<string> Once(FaultScenario s, FaultReference reference, int step, int k, FaultKind kind, LeakCollector? leaks = null)
    {
        var w = new FaultWorld(leaks);
        for (var i = 0; i < step; i++)
        {
            w.Plan.Disarm();
            Sync.Run(s.Steps[i].Run(w, Key(i), CancellationToken.None));
        }

        var where = $"{s.Name} / {s.Steps[step].Name} / call {k} {kind}";
        var before = Logical(w, s);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(k, kind, cancel);
        string? faulted;
        try
        {
            faulted = "answered " + (Sync.Run(s.Steps[step].Run(w, Key(step), cancel.Token)) ?? "ok");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            faulted = "threw " + ex.GetType().Name;
            leaks?.Saw(ex);
        }

        w.Plan.Disarm();
        where += $" at {w.Plan.FiredAt} ({faulted})";
        var afterFault = Logical(w, s);
        var expected = reference.After[step];
        if (afterFault != before && afterFault != expected && !s.Steps[step].IsDelivery)
        {
            yield return $"{where}: half-done case{Environment.NewLine}    before   {before}{Environment.NewLine}    after    {afterFault}{Environment.NewLine}    expected {expected}";
        }

        foreach (var problem in CodesMatchDeliveries(w, s))
        {
            yield return $"{where}: {problem}";
        }

        var retried = Sync.Run(s.Steps[step].Run(w, Key(step), CancellationToken.None));
        if (retried is not null)
        {
            yield return $"{where}: the retry with the same key answered {retried}";
        }

        var afterRetry = Logical(w, s);
        if (afterRetry != expected)
        {
            yield return $"{where}: after the retry{Environment.NewLine}    seen     {afterRetry}{Environment.NewLine}    expected {expected}";
        }

        if (Distinct(w) != reference.Delivered[step])
        {
            yield return $"{where}: {Distinct(w)} codes delivered in all, the fault-free run delivered {reference.Delivered[step]}";
        }

        // At least once, never twice under one id with different contents: a repeat is the same message again.
        foreach (var twice in w.Messenger.Delivered.GroupBy(m => m.MessageId).Where(g => g.Select(m => (m.Code, m.Address)).Distinct().Count() > 1))
        {
            yield return $"{where}: message {twice.Key} was delivered with different contents";
        }

        // Nothing committed is lost: a last delivery pass empties the outbox.
        Sync.Run(FaultScenarios.DeliverAll(w));
        if (w.Pending().Count != 0)
        {
            yield return $"{where}: {w.Pending().Count} outbox messages were never delivered: {string.Join(", ", w.Pending().Select(p => p.Content.Describe()))}";
        }
    }

    /// <summary>How many distinct codes the messenger took (a redelivery after a lost answer has the same message id).</summary>
    private static int Distinct(FaultWorld w) => w.Messenger.Delivered.Select(m => m.MessageId).Distinct().Count();

    private static IEnumerable<string> CodesMatchDeliveries(FaultWorld w, FaultScenario s)
    {
        var c = Find(w, s);
        if (c is null)
        {
            yield break;
        }

        foreach (var challenge in c.Challenges)
        {
            var address = challenge.Target switch
            {
                VerificationTarget.BoundEmail => Accounts.AliceEmail,
                VerificationTarget.BoundPhone => Accounts.AlicePhone,
                _ => null,
            };
            var delivered = w.Messenger.Delivered.Where(m => m.CaseId == c.Id && (address is null ? m.Address is Accounts.NewEmailA or Accounts.NewPhone : m.Address == address))
                .Select(m => m.MessageId).Distinct().Count();
            var taken = w.Messenger.Delivered.Select(m => m.MessageId).ToHashSet();
            var waiting = w.Pending().Count(p => p.Content.Kind == SecurityReset.Delivery.OutboxKind.Code && p.Content.Target == challenge.Target && !taken.Contains(p.Id));
            if (challenge.CodesIssued != delivered + waiting)
            {
                yield return $"{challenge.Target}: the case counts {challenge.CodesIssued} codes issued, the messenger took {delivered} and {waiting} wait in the outbox";
            }
        }
    }

    private static ResetCase? Find(FaultWorld w, FaultScenario s)
    {
        if (w.Case != default)
        {
            return w.World.Load(w.Case);
        }

        var open = Sync.Run(w.World.RawStore.FindOpenCaseAsync(s.AccountId, CancellationToken.None));
        if (open is not null)
        {
            w.Case = open.Id;
        }

        return open is null ? null : CaseSnapshotSerializer.FromStored(open);
    }

    /// <summary>The case as the applicant and the reviewer see it: everything but ids, random seals and the version.</summary>
    public static string Logical(FaultWorld w, FaultScenario s)
    {
        var c = Find(w, s);
        if (c is null)
        {
            return "no case";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{c.State} selected={c.SelectedItems} verified={c.VerifiedItems} by={c.VerificationMethod} steps={c.RequiredSteps}");
        text.Append(CultureInfo.InvariantCulture, $" auth-fail={c.AuthenticatorFailures} scan-fail={c.FaceScanFailures} scan={c.FaceScanReference} totp={c.LastAcceptedTotpStep}");
        foreach (var ch in c.Challenges.Where(x => x.CodesIssued > 0 || x.FailedAttempts > 0 || x.Verified).OrderBy(x => x.Target))
        {
            text.Append(CultureInfo.InvariantCulture, $" {ch.Target}={ch.CodesIssued}sent/{ch.FailedAttempts}failed{(ch.CodeHash is null ? string.Empty : "/live")}{(ch.Verified ? "/ok" : string.Empty)}");
        }

        text.Append(CultureInfo.InvariantCulture, $" q={c.Questionnaire is not null} proofs={c.Proofs.Length} contact={c.NewContact?.Fingerprint[..8]}/{c.NewContactVerified}");
        text.Append(CultureInfo.InvariantCulture, $" doc={c.Document?.Reference.NumberFingerprint[..8]} video={c.Video is not null} terms={c.AcceptedTermsVersion} reviewer={c.ReviewerId}");
        text.Append(CultureInfo.InvariantCulture, $" submitted={c.SubmittedAt:O} decided={c.DecidedAt:O} protected={c.WithdrawalsProtectedUntil is not null} applied={w.World.Directory.AppliedResets.ContainsKey(c.Id)}");
        return text.ToString();
    }

    private static string Key(int step) => $"step-{step}";
}
