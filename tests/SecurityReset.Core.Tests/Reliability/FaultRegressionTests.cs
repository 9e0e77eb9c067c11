using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>The faults the fault-injection suite found, one named case each.</summary>
public sealed class FaultRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<FaultWorld> InVerificationAsync()
    {
        var w = new FaultWorld();
        w.Plan.Disarm();
        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct);
        w.Case = opened.View!.Id;
        await w.Service.DispatchAsync(cancellationToken: Ct); // the opening notices: the tests count what follows
        Assert.True((await w.Service.SelectItemsAsync(w.Case, SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
        return w;
    }

    [Fact]
    public async Task A_messenger_that_fails_after_the_commit_is_tried_again_and_the_code_arrives_once()
    {
        var w = await InVerificationAsync();
        var requested = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);
        Assert.True(requested.Succeeded, requested.ErrorCode);
        Assert.Equal([VerificationTarget.BoundEmail], requested.View!.CodesOnTheirWay);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 2, FaultKind.TimesOut, cancel); // claim, messenger

        Assert.Equal(0, await w.Service.DispatchAsync(cancellationToken: Ct));
        Assert.Equal("messenger.SendCode", w.Plan.FiredAt);
        Assert.Empty(w.Messenger.Delivered);
        Assert.Single(w.Pending());

        Assert.Equal(1, await FaultScenarios.DeliverAll(w, Ct));
        var delivered = Assert.Single(w.Messenger.Delivered);
        Assert.Empty(w.Pending());
        Assert.Equal(1, w.World.Load(w.Case)!.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
        Assert.True((await w.Service.VerifyCodeAsync(w.Case, VerificationTarget.BoundEmail, delivered.Code, cancellationToken: Ct)).Succeeded);
    }

    [Fact]
    public async Task A_commit_that_times_out_after_committing_is_answered_from_what_was_committed()
    {
        var w = await InVerificationAsync();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 5, FaultKind.TimesOutAfterDoingIt, cancel); // idempotency key, load, account guard, directory lookup, commit

        await Assert.ThrowsAsync<TimeoutException>(() => w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct));
        Assert.Equal("store.Commit", w.Plan.FiredAt);

        var retry = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);
        Assert.True(retry.Succeeded, retry.ErrorCode);
        await FaultScenarios.DeliverAll(w, Ct);
        Assert.Single(w.Messenger.Delivered);
        Assert.Equal(1, w.World.Load(w.Case)!.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
    }

    [Fact]
    public async Task An_insert_that_times_out_after_committing_is_answered_with_the_same_case_on_retry()
    {
        var w = new FaultWorld();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 6, FaultKind.TimesOutAfterDoingIt, cancel); // idempotency key, directory, find open case, guard, directory (the opening notices), commit

        await Assert.ThrowsAsync<TimeoutException>(() => w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), "key-1", Ct));
        Assert.Equal("store.Commit", w.Plan.FiredAt);

        var retry = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), "key-1", Ct);
        Assert.True(retry.Succeeded, retry.ErrorCode);
        Assert.Equal(retry.View!.Id, Sync.Run(w.World.RawStore.FindOpenCaseAsync(Accounts.AliceId, Ct))!.Id);
    }

    [Fact]
    public async Task A_commit_that_fails_before_committing_throws_and_changes_nothing()
    {
        var w = await InVerificationAsync();
        var before = w.World.Stored(w.Case);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 5, FaultKind.TimesOut, cancel); // idempotency key, load, account guard, directory lookup, commit

        await Assert.ThrowsAsync<TimeoutException>(() => w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct));

        Assert.Equal("store.Commit", w.Plan.FiredAt);
        Assert.Equal(before, w.World.Stored(w.Case));
        Assert.Empty(w.Pending());
        await FaultScenarios.DeliverAll(w, Ct);
        Assert.Empty(w.Messenger.Delivered);
    }

    [Fact]
    public async Task A_notification_that_fails_is_tried_again_and_never_touches_the_submission()
    {
        var w = await SubmittableCarolAsync();
        var submitted = await w.Service.SubmitAsync(w.Case, "key-1", Ct);
        Assert.Equal(CaseState.Submitted, submitted.View!.State);
        var version = w.World.Stored(w.Case)!.Version;
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 2, FaultKind.Throws, cancel); // claim, first notification

        await w.Service.DispatchAsync(cancellationToken: Ct);
        Assert.Equal("messenger.SendNotification", w.Plan.FiredAt);
        await FaultScenarios.DeliverAll(w, Ct);

        var notices = w.World.Received.Notifications.Where(n => n.Subject == NotificationKind.CaseSubmitted).ToList();
        Assert.Equal([Accounts.CarolEmail, Accounts.CarolPhone], notices.Select(n => n.Address).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(version, w.World.Stored(w.Case)!.Version);
        Assert.Empty(w.Pending());
    }

    [Theory]
    [InlineData(2, FaultKind.Throws)] // claim, applying the reset
    [InlineData(2, FaultKind.Cancelled)]
    [InlineData(2, FaultKind.TimesOutAfterDoingIt)]
    [InlineData(3, FaultKind.TimesOut)] // loading the case to record completion
    [InlineData(4, FaultKind.Throws)] // committing the completion
    public async Task An_approval_answers_approved_and_the_dispatcher_applies_the_reset_once_whatever_fails(int failAt, FaultKind kind)
    {
        var w = await SubmittableCarolAsync();
        Assert.True((await w.Service.SubmitAsync(w.Case, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ClaimAsync(w.Case, "reviewer-1", cancellationToken: Ct)).Succeeded);
        await FaultScenarios.DeliverAll(w, Ct);

        var approved = await w.Service.ApproveAsync(w.Case, "reviewer-1", "key-1", Ct);
        Assert.Equal(CaseState.Approved, approved.View!.State);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt, kind, cancel);
        try
        {
            await w.Service.DispatchAsync(cancellationToken: cancel.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            // A store failure reaches the host's loop; the message comes back after its lease.
        }

        Assert.NotNull(w.Plan.FiredAt);
        await FaultScenarios.DeliverAll(w, Ct);

        Assert.Equal(CaseState.Completed, w.World.Load(w.Case)!.State);
        Assert.True(w.World.Directory.AppliedResets.ContainsKey(w.Case));
        Assert.Null(w.World.Directory.Find(Accounts.CarolId)!.Phone);
        Assert.Equal(2, w.World.Received.Notifications.Count(n => n.Subject == NotificationKind.ResetCompleted));
        Assert.Empty(w.Pending());
        Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task A_claim_whose_audit_trail_cannot_be_read_changes_nothing_and_a_retry_claims()
    {
        var w = await SubmittableCarolAsync();
        Assert.True((await w.Service.SubmitAsync(w.Case, cancellationToken: Ct)).Succeeded);
        var before = w.World.Stored(w.Case);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 3, FaultKind.TimesOut, cancel); // idempotency key, load, read the trail for the answer

        await Assert.ThrowsAsync<TimeoutException>(() => w.Service.ClaimAsync(w.Case, "reviewer-1", "key-1", Ct));

        Assert.Equal("store.ReadEvents", w.Plan.FiredAt);
        Assert.Equal(before, w.World.Stored(w.Case));
        var claimed = await w.Service.ClaimAsync(w.Case, "reviewer-1", "key-1", Ct);
        Assert.Equal(CaseState.UnderReview, claimed.View!.State);
        Assert.Equal(claimed.View.AuditTrail.Count + 1, (await w.Service.GetCaseForReviewAsync(w.Case, "reviewer-a", Ct)).View!.AuditTrail.Count); // and the look itself
    }

    private static async Task<FaultWorld> SubmittableCarolAsync()
    {
        var w = new FaultWorld();
        w.Plan.Disarm();
        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct);
        w.Case = opened.View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(w.Case, SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.RecordFaceScanAsync(w.Case, w.World.PassingScan(w.Case), cancellationToken: Ct)).Succeeded);
        return w;
    }
}
