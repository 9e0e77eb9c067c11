using static SecurityReset.Tests.Service.ServiceFixture;

namespace SecurityReset.Tests.Service;

public sealed class ReviewQueueTests
{
    private static async Task<(ServiceFixture F, CaseId Id)> SubmittedAsync()
    {
        var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, cancellationToken: Ct));
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundEmail);
        await f.VerifyByCodeAsync(id, VerificationTarget.BoundPhone);
        await f.CompleteStepsAsync(id, AliceId);
        Expect(await f.Service.SubmitAsync(id, cancellationToken: Ct));
        return (f, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("639000000000000000")]
    [InlineData("639000000000000000.not-a-case-id")]
    [InlineData("-1.00000000-0000-0000-0000-000000000000")]
    [InlineData("1e5.3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public async Task A_cursor_the_service_did_not_issue_is_a_malformed_result_and_changes_nothing(string cursor)
    {
        var (f, id) = await SubmittedAsync();
        using var _ = f;
        var before = await f.Store.LoadAsync(id, Ct);
        var (codes, notifications) = (f.Outbox.Codes.Count, f.Outbox.Notifications.Count);

        var result = await f.Service.ListReviewQueueAsync(cursor, cancellationToken: Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.ReviewCursorInvalid, result.ErrorCode);
        Assert.Equal(ErrorKind.Malformed, result.Error!.Kind);
        Assert.Null(result.View);
        Assert.Same(before, await f.Store.LoadAsync(id, Ct));
        Assert.Equal((codes, notifications), (f.Outbox.Codes.Count, f.Outbox.Notifications.Count));
        Assert.Equal(id, Assert.Single(Expect(await f.Service.ListReviewQueueAsync(cancellationToken: Ct)).View!.Cases).Id);
    }

    [Fact]
    public async Task The_cursor_of_a_full_page_leads_to_the_next_page()
    {
        var (f, id) = await SubmittedAsync();
        using var _ = f;

        var first = Expect(await f.Service.ListReviewQueueAsync(pageSize: 1, cancellationToken: Ct)).View!;
        Assert.Equal(id, Assert.Single(first.Cases).Id);
        Assert.NotNull(first.NextCursor);

        var second = Expect(await f.Service.ListReviewQueueAsync(first.NextCursor, 1, Ct)).View!;
        Assert.Empty(second.Cases);
        Assert.Null(second.NextCursor);
    }
}
