using SecurityReset.Ports;
using static SecurityReset.Tests.Service.ServiceFixture;

namespace SecurityReset.Tests.Service;

public sealed class SeedPathTests
{
    [Fact]
    public async Task Logged_out_web_user_who_lost_the_authenticator_is_reset_and_offered_forgot_password()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedOut("  Alice@Example.com ", Channel.Web, EntryPoint.ForgotPassword));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, cancellationToken: Ct));
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundEmail);
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundPhone);
        Assert.Equal(CaseState.Questionnaire, (await f.Service.GetCaseAsync(id, Ct)).View!.State);

        await f.CompleteStepsAsync(id, AliceId);
        var submitted = Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        Assert.Equal(CaseState.Submitted, submitted.View!.State);
        Assert.Contains(f.Outbox.Notifications, n => n.Subject == NotificationKind.CaseSubmitted && n.Address == AliceEmail);

        var queue = await f.Service.ListReviewQueueAsync(cancellationToken: Ct);
        Assert.Equal(id, Assert.Single(queue.View!.Cases).Id);
        var review = Expect(await f.Service.ClaimAsync(id, "reviewer-1", cancellationToken: Ct));
        Assert.Equal(new QuestionnaireScore(5, 6), review.View!.QuestionnaireScore);

        f.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(CaseState.Approved, Expect(await f.Service.ApproveAsync(id, "reviewer-1", cancellationToken: Ct)).View!.State);
        Assert.True(await f.DeliverAsync() > 0);
        var approved = Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct));
        Assert.Equal(CaseState.Completed, approved.View!.State);
        Assert.Equal(f.Clock.GetUtcNow() + TimeSpan.FromHours(24), approved.View.WithdrawalsProtectedUntil);

        var account = f.Directory.Find(AliceId)!;
        Assert.False(account.AuthenticatorBound);
        Assert.Equal("new.alice@example.org", account.Email);
        Assert.Equal(AlicePhone, account.Phone);
        // The channels bound before the reset hear about it: the old email too.
        Assert.Contains(f.Outbox.Notifications, n => n.Subject == NotificationKind.ResetCompleted && n.Address == AliceEmail);
        Assert.Contains(f.Outbox.Notifications, n => n.Subject == NotificationKind.ResetCompleted && n.Address == AlicePhone);

        var view = (await f.Service.GetCaseAsync(id, Ct)).View!;
        Assert.True(view.OfferForgotPasswordNext);
        Assert.Empty(view.AvailableActions);
    }

    [Fact]
    public async Task Logged_in_app_user_who_lost_all_three_items_goes_straight_to_the_questionnaire()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.App));
        var selected = Expect(await f.Service.SelectItemsAsync(id, SecurityItems.All, cancellationToken: Ct));
        Assert.Equal(CaseState.Questionnaire, selected.View!.State);
        Assert.Equal(RequiredSteps.All, selected.View.RequiredSteps);
        Assert.Empty(f.Outbox.Codes);

        await f.CompleteStepsAsync(id, AliceId);
        Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        Expect(await f.Service.ClaimAsync(id, "reviewer-1", cancellationToken: Ct));
        Assert.Equal(CaseState.Approved, Expect(await f.Service.ApproveAsync(id, "reviewer-1", cancellationToken: Ct)).View!.State);
        Assert.True(await f.DeliverAsync() > 0);
        var approved = Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct));
        Assert.Equal(CaseState.Completed, approved.View!.State);
        Assert.False(approved.View.Case.OfferForgotPasswordNext);
        var account = f.Directory.Find(AliceId)!;
        Assert.Null(account.Phone);
        Assert.False(account.AuthenticatorBound);
        Assert.Equal("new.alice@example.org", account.Email);
    }

    [Fact]
    public async Task Advanced_kyc_user_passes_the_face_scan_instead_of_codes()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(CarolId, Channel.App));
        var selected = Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Phone, cancellationToken: Ct));
        Assert.True(selected.View!.FaceScanOffered);

        var failed = await f.Service.RecordFaceScanAsync(id, "unknown-session", cancellationToken: Ct);
        Assert.Equal(ErrorCodes.FaceScanFailed, failed.ErrorCode);

        f.Identity.RegisterFaceScan(CarolId, id, "session-1", passed: true);
        var scanned = Expect(await f.Service.RecordFaceScanAsync(id, "session-1", cancellationToken: Ct));
        Assert.Equal(CaseState.ReadyToSubmit, scanned.View!.State);
        Assert.Equal(RequiredSteps.None, scanned.View.RequiredSteps);
        Assert.Empty(f.Outbox.Codes);

        Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        Expect(await f.Service.ClaimAsync(id, "reviewer-2", cancellationToken: Ct));
        Assert.Equal(CaseState.Approved, Expect(await f.Service.ApproveAsync(id, "reviewer-2", cancellationToken: Ct)).View!.State);
        Assert.True(await f.DeliverAsync() > 0);
        var approved = Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct));
        Assert.Equal(CaseState.Completed, approved.View!.State);
        Assert.Equal("scan-session-1", approved.View.FaceScanReference);
        Assert.Null(f.Directory.Find(CarolId)!.Phone);
    }

    [Fact]
    public async Task Advanced_kyc_user_who_lost_every_item_is_offered_the_face_scan_after_selecting_them()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(CarolId, Channel.App));
        var selected = Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
        Assert.Equal(CaseState.Questionnaire, selected.View!.State);
        Assert.True(selected.View.FaceScanOffered);

        f.Identity.RegisterFaceScan(CarolId, id, "session-1", passed: true);
        var scanned = Expect(await f.Service.RecordFaceScanAsync(id, "session-1", cancellationToken: Ct));

        Assert.Equal(CaseState.ReadyToSubmit, scanned.View!.State);
        Assert.Equal(RequiredSteps.None, scanned.View.RequiredSteps);
        Assert.False(scanned.View.FaceScanOffered);
        Assert.Equal(CaseState.Submitted, Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct)).View!.State);
    }

    [Fact]
    public async Task Reviewer_request_for_information_round_trip()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.All, cancellationToken: Ct));
        await f.CompleteStepsAsync(id, AliceId);
        Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        Expect(await f.Service.ClaimAsync(id, "reviewer-1", cancellationToken: Ct));

        var asked = Expect(await f.Service.RequestInformationAsync(id, "reviewer-1", AmendableItems.SupplementaryProofs, "proofs.unreadable", cancellationToken: Ct));
        Assert.Equal(CaseState.InformationRequested, asked.View!.State);
        Assert.Contains(f.Outbox.Notifications, n => n.Subject == NotificationKind.InformationRequested);

        var early = await f.Service.SubmitAsync(id, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.SubmissionIncomplete, early.ErrorCode);
        var notAsked = await f.Service.AnswerQuestionnaireAsync(id, Answers(), cancellationToken: Ct);
        Assert.Equal(ErrorCodes.AmendmentNotRequested, notAsked.ErrorCode);

        Expect(await f.Service.ProvideProofsAsync(id, Proofs(), cancellationToken: Ct));
        var resubmitted = Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        Assert.Equal(CaseState.Submitted, resubmitted.View!.State);

        var otherReviewer = Expect(await f.Service.ClaimAsync(id, "reviewer-2", cancellationToken: Ct));
        Assert.Equal("reviewer-2", otherReviewer.View!.ReviewerId);
        var wrongReviewer = await f.Service.RejectAsync(id, "reviewer-1", "fraud.suspected", cancellationToken: Ct);
        Assert.Equal(ErrorCodes.ActorNotAllowed, wrongReviewer.ErrorCode);
        var rejected = Expect(await f.Service.RejectAsync(id, "reviewer-2", "fraud.suspected", cancellationToken: Ct));
        Assert.Equal(CaseState.Rejected, rejected.View!.State);
        Assert.Contains(f.Outbox.Notifications, n => n.Subject == NotificationKind.CaseRejected);
        Assert.Empty(f.Directory.AppliedResets);
    }

    [Fact]
    public async Task Cancelled_case_frees_the_account_for_a_new_one()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        var second = await f.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(AliceEmail, Channel.App, EntryPoint.ForgotPassword), cancellationToken: Ct);
        // The signed-in owner's case stands against a signed-out open, which gets a case like an unknown identifier's.
        Assert.True(second.Succeeded, second.ErrorCode);
        Assert.NotEqual(id, second.View!.Id);
        Assert.Equal(CaseState.SelectingItems, (await f.Service.GetCaseAsync(id, Ct)).View!.State);

        var cancelled = Expect(await f.Service.CancelAsync(id, cancellationToken: Ct));
        Assert.Equal(CaseState.Cancelled, cancelled.View!.State);
        var after = await f.Service.SelectItemsAsync(id, SecurityItems.Email, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.TransitionNotAllowed, after.ErrorCode);
        await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.App));
    }

    [Fact]
    public async Task Expiry_job_expires_unfinished_cases_after_72_hours_and_leaves_the_queue_alone()
    {
        using var f = new ServiceFixture();
        var unfinished = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        var submitted = await f.OpenAsync(OpenCaseRequest.SignedIn(CarolId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(submitted, SecurityItems.Phone, cancellationToken: Ct));
        f.Identity.RegisterFaceScan(CarolId, submitted, "s", passed: true);
        Expect(await f.Service.RecordFaceScanAsync(submitted, "s", cancellationToken: Ct));
        Expect(await f.Service.SubmitAsync(submitted, cancellationToken: Ct));

        f.Clock.Advance(TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await f.Service.ExpireCasesAsync(cancellationToken: Ct));
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var late = await f.Service.SelectItemsAsync(unfinished, SecurityItems.Email, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CaseExpired, late.ErrorCode);
        Assert.Equal(1, await f.Service.ExpireCasesAsync(pageSize: 1, cancellationToken: Ct));
        Assert.Equal(CaseState.Expired, (await f.Service.GetCaseAsync(unfinished, Ct)).View!.State);
        Assert.Equal(CaseState.Submitted, (await f.Service.GetCaseAsync(submitted, Ct)).View!.State);
    }
}
