
namespace SecurityReset.Tests.Reliability;

/// <summary>The faults the fault-injection suite found, one named case each.</summary>
public sealed class FaultRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<FaultWorld> InVerificationAsync()
    {
        var w = new FaultWorld();
        w.Plan.Disarm();
        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct);
        w.Case = opened.View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(w.Case, SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
        return w;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_after_a_failed_delivery_sends_the_code()
    {
        var w = await InVerificationAsync();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 4, FaultKind.TimesOut, cancel); // load, save, directory lookup, messenger
        var first = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);
        Assert.Equal("messenger.SendCode", w.Plan.FiredAt);
        Assert.Equal(ErrorCodes.DeliveryFailed, first.ErrorCode);

        var retry = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);

        Assert.True(retry.Succeeded, retry.ErrorCode);
        Assert.Single(w.Messenger.Delivered);
        Assert.Equal(1, w.World.Load(w.Case)!.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
    }

    [Fact]
    public async Task A_save_that_times_out_after_committing_still_sends_the_code()
    {
        var w = await InVerificationAsync();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 2, FaultKind.TimesOutAfterDoingIt, cancel); // load, save
        var first = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);

        Assert.Equal("store.Save", w.Plan.FiredAt);
        Assert.True(first.Succeeded, first.ErrorCode);
        Assert.Single(w.Messenger.Delivered);
        Assert.Equal(1, w.World.Load(w.Case)!.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
        Assert.True((await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct)).Succeeded);
        Assert.Single(w.Messenger.Delivered);
    }

    [Fact]
    public async Task An_insert_that_times_out_after_committing_still_opens_the_case()
    {
        var w = new FaultWorld();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 3, FaultKind.TimesOutAfterDoingIt, cancel); // directory, find open case, insert
        var first = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), "key-1", Ct);

        Assert.Equal("store.Insert", w.Plan.FiredAt);
        Assert.True(first.Succeeded, first.ErrorCode);
        var retry = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), "key-1", Ct);
        Assert.True(retry.Succeeded, retry.ErrorCode);
        Assert.Equal(first.View!.Id, retry.View!.Id);
    }

    [Fact]
    public async Task A_save_that_fails_before_committing_still_throws_and_changes_nothing()
    {
        var w = await InVerificationAsync();
        var before = w.World.Stored(w.Case);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 2, FaultKind.TimesOut, cancel);

        await Assert.ThrowsAsync<TimeoutException>(() => w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct));

        Assert.Equal(before, w.World.Stored(w.Case));
        Assert.Empty(w.Messenger.Delivered);
    }

    [Fact]
    public async Task A_notification_cancelled_after_the_submission_was_saved_does_not_hide_the_submission()
    {
        var w = await SubmittableCarolAsync();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 4, FaultKind.Cancelled, cancel); // load, save, directory lookup, first notification

        var submitted = await w.Service.SubmitAsync(w.Case, "key-1", cancel.Token);

        Assert.Equal("messenger.SendNotification", w.Plan.FiredAt);
        Assert.True(submitted.Succeeded, submitted.ErrorCode);
        Assert.Equal(CaseState.Submitted, submitted.View!.State);
        Assert.True((await w.Service.SubmitAsync(w.Case, "key-1", Ct)).Succeeded);
    }

    [Theory]
    [InlineData(3, FaultKind.Throws)] // load, save, directory lookup of the account before the reset
    [InlineData(4, FaultKind.Cancelled)] // applying the reset
    [InlineData(5, FaultKind.TimesOut)] // loading the case to record completion
    public async Task An_approval_whose_reset_fails_answers_approved_and_the_job_completes_it(int failAt, FaultKind kind)
    {
        var w = await SubmittableCarolAsync();
        Assert.True((await w.Service.SubmitAsync(w.Case, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ClaimAsync(w.Case, "reviewer-1", cancellationToken: Ct)).Succeeded);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt, kind, cancel);

        var approved = await w.Service.ApproveAsync(w.Case, "reviewer-1", "key-1", cancel.Token);

        Assert.NotNull(w.Plan.FiredAt);
        Assert.True(approved.Succeeded, approved.ErrorCode);
        Assert.Equal(CaseState.Approved, approved.View!.State);
        Assert.Equal(CaseState.Approved, (await w.Service.ApproveAsync(w.Case, "reviewer-1", "key-1", Ct)).View!.State);
        Assert.Equal(1, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
        Assert.Equal(CaseState.Completed, w.World.Load(w.Case)!.State);
    }

    [Fact]
    public async Task A_claim_whose_audit_trail_cannot_be_read_still_answers_the_claim()
    {
        var w = await SubmittableCarolAsync();
        Assert.True((await w.Service.SubmitAsync(w.Case, cancellationToken: Ct)).Succeeded);
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 3, FaultKind.TimesOut, cancel); // load, save, read the trail for the answer

        var claimed = await w.Service.ClaimAsync(w.Case, "reviewer-1", "key-1", Ct);

        Assert.Equal("store.ReadEvents", w.Plan.FiredAt);
        Assert.True(claimed.Succeeded, claimed.ErrorCode);
        Assert.Equal(CaseState.UnderReview, claimed.View!.State);
        Assert.True((await w.Service.ClaimAsync(w.Case, "reviewer-1", "key-1", Ct)).Succeeded);
        Assert.NotEmpty((await w.Service.GetCaseForReviewAsync(w.Case, Ct)).View!.AuditTrail);
    }

    private static async Task<FaultWorld> SubmittableCarolAsync()
    {
        var w = new FaultWorld();
        w.Plan.Disarm();
        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct);
        w.Case = opened.View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(w.Case, SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.RecordFaceScanAsync(w.Case, "scan-pass", cancellationToken: Ct)).Succeeded);
        return w;
    }
}
