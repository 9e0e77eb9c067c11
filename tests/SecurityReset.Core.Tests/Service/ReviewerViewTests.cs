using System.Text.Json;
using SecurityReset.Workflow;
using static SecurityReset.Tests.Service.ServiceFixture;

namespace SecurityReset.Tests.Service;

/// <summary>The reviewer's projection: the evidence and the decision context, never a secret the snapshot keeps.</summary>
public sealed class ReviewerViewTests
{
    [Fact]
    public async Task The_reviewer_sees_evidence_and_score_but_no_code_hash_sealed_value_or_fingerprint()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, cancellationToken: Ct));
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundEmail);
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundPhone);
        await f.CompleteStepsAsync(id, AliceId);
        Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));

        var view = Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!;
        var snapshot = view.Case;
        var json = JsonSerializer.Serialize(view);

        Assert.Equal(DocumentType.NationalId, view.DocumentType);
        Assert.NotNull(view.DocumentImage);
        Assert.NotNull(view.Video);
        Assert.Equal(new QuestionnaireScore(5, 6), view.QuestionnaireScore);
        Assert.True(view.NewContactVerified);
        Assert.Equal(snapshot.NewContact!.Masked, view.NewContact);
        string[] secrets =
        [
            snapshot.Document!.Reference.NumberFingerprint,
            snapshot.NewContact.Fingerprint,
            snapshot.NewContact.Sealed!,
            snapshot.Account.Email!.Fingerprint,
            snapshot.Account.Phone!.Fingerprint,
            .. snapshot.Challenges.Select(c => c.CodeHash).OfType<string>(),
        ];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opening_a_case_for_review_puts_who_and_when_on_the_sealed_trail_and_a_blank_reviewer_reads_nothing()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        var before = (await f.Store.ReadEventsAsync(id, Ct)).Count;

        Assert.Equal(ErrorCodes.RequestInvalid, (await f.Service.GetCaseForReviewAsync(id, " ", Ct)).ErrorCode);
        Assert.Equal(before, (await f.Store.ReadEventsAsync(id, Ct)).Count);

        f.Clock.Advance(TimeSpan.FromMinutes(3));
        var view = Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-b", Ct)).View!;
        var viewed = view.AuditTrail[^1];

        Assert.Equal((CaseEventTypes.ReviewerViewed, Actor.Reviewer("reviewer-b"), f.Clock.GetUtcNow()), (viewed.Type, viewed.Actor, viewed.OccurredAt));
        Assert.Equal(before + 1, (await f.Store.ReadEventsAsync(id, Ct)).Count);
        Assert.True(view.Trail!.Holds);
        Assert.Equal(before + 1, view.Trail.Events);
    }

    [Fact]
    public async Task The_reviewer_actions_follow_the_workflow_definition()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Assert.Empty(Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!.AvailableActions);

        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, cancellationToken: Ct));
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundEmail);
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundPhone);
        await f.CompleteStepsAsync(id, AliceId);
        Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        Assert.Equal([CaseAction.Claim], Expect(await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!.AvailableActions);

        var claimed = Expect(await f.Service.ClaimAsync(id, "reviewer-1", cancellationToken: Ct)).View!;
        Assert.Equal([CaseAction.Approve, CaseAction.Reject, CaseAction.RequestInformation], claimed.AvailableActions);
        Assert.True(claimed.IsOpen);

        var rejected = Expect(await f.Service.RejectAsync(id, "reviewer-1", "identity.not_proven", cancellationToken: Ct)).View!;
        Assert.Empty(rejected.AvailableActions);
        Assert.False(rejected.IsOpen);
    }
}
