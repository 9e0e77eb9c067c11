using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Review;

public sealed class JourneyAndReviewTests
{
    private const string Review = "/security-reset/review";

    [Fact]
    public async Task An_applicant_reaches_Submitted_through_the_api_and_a_signed_in_reviewer_approves_it()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());

        var submitted = await journey.ToSubmittedAsync();
        Assert.Equal("Submitted", submitted.State);
        Assert.True(journey.Handles.Count >= 4, "the open and each verified factor issued a handle");

        var queue = await host.GetAsync($"{Review}/queue", user: "rev-1", role: "reviewer");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.Contains(journey.CaseId, queue.Body.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        var view = await host.GetAsync($"{Review}/cases/{journey.CaseId}", user: "rev-1", role: "reviewer");
        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal(journey.Account.AccountId, view.Body.GetProperty("accountId").GetString());

        var claimed = await host.PostAsync($"{Review}/cases/{journey.CaseId}/claim", new { reviewerId = "someone-else" }, user: "rev-1", role: "reviewer");
        Assert.True(claimed.Status == HttpStatusCode.OK, claimed.ToString());
        Assert.Equal("rev-1", claimed.Body.GetProperty("reviewerId").GetString());

        // Another reviewer naming the claimer in the body is still themselves: the claim is not theirs.
        var other = await host.PostAsync($"{Review}/cases/{journey.CaseId}/approve", new { reviewerId = "rev-1" }, user: "rev-2", role: "reviewer");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("actor.not_allowed", other.Code);

        var approved = await host.PostAsync($"{Review}/cases/{journey.CaseId}/approve", user: "rev-1", role: "reviewer", idempotencyKey: "approve-1");
        Assert.True(approved.Status == HttpStatusCode.OK, approved.ToString());
        Assert.Equal("Approved", approved.State);

        var replay = await host.PostAsync($"{Review}/cases/{journey.CaseId}/approve", user: "rev-1", role: "reviewer", idempotencyKey: "approve-1");
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(approved.Body.GetProperty("version").GetInt64(), replay.Body.GetProperty("version").GetInt64());

        var applicant = await journey.GetAsync();
        Assert.Equal("Approved", applicant.State);
    }

    [Fact]
    public async Task A_reviewer_rejects_with_a_reason_code_and_asks_for_information()
    {
        await using var host = await ApiHost.StartAsync();
        var first = new Journey(host, host.AddAccount());
        await first.ToSubmittedAsync();
        var second = new Journey(host, host.AddAccount());
        await second.ToSubmittedAsync();

        Journey.Ok(await host.PostAsync($"{Review}/cases/{first.CaseId}/claim", user: "rev-1", role: "reviewer"));
        var rejected = await host.PostAsync($"{Review}/cases/{first.CaseId}/reject", new { reasonCode = "identity_unconfirmed" }, user: "rev-1", role: "reviewer");
        Assert.True(rejected.Status == HttpStatusCode.OK, rejected.ToString());
        Assert.Equal("Rejected", rejected.State);

        Journey.Ok(await host.PostAsync($"{Review}/cases/{second.CaseId}/claim", user: "rev-1", role: "reviewer"));
        var asked = await host.PostAsync($"{Review}/cases/{second.CaseId}/request-information",
            new { items = new[] { "IdentityDocument" }, reasonCode = "document_unreadable" }, user: "rev-1", role: "reviewer");
        Assert.True(asked.Status == HttpStatusCode.OK, asked.ToString());
        Assert.Equal("InformationRequested", asked.State);
    }

    [Fact]
    public async Task The_review_queue_pages_with_its_cursor_and_refuses_a_foreign_one()
    {
        await using var host = await ApiHost.StartAsync();
        var a = new Journey(host, host.AddAccount());
        await a.ToSubmittedAsync();
        host.Time.Advance(TimeSpan.FromMinutes(1)); // the queue is in submission order
        var b = new Journey(host, host.AddAccount());
        await b.ToSubmittedAsync();

        var page1 = await host.GetAsync($"{Review}/queue?pageSize=1", user: "rev-1", role: "reviewer");
        Assert.Equal(HttpStatusCode.OK, page1.Status);
        Assert.Equal(a.CaseId, Assert.Single(page1.Body.GetProperty("cases").EnumerateArray()).GetProperty("id").GetString());
        var cursor = page1.Body.GetProperty("nextCursor").GetString();
        var page2 = await host.GetAsync($"{Review}/queue?pageSize=1&cursor={Uri.EscapeDataString(cursor!)}", user: "rev-1", role: "reviewer");
        Assert.Equal(b.CaseId, Assert.Single(page2.Body.GetProperty("cases").EnumerateArray()).GetProperty("id").GetString());

        var foreign = await host.GetAsync($"{Review}/queue?cursor=not-a-cursor", user: "rev-1", role: "reviewer");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);
        Assert.Equal("review.cursor_invalid", foreign.Code);
    }

    [Fact]
    public async Task Reviewer_endpoints_refuse_an_anonymous_caller_with_401_and_a_principal_without_the_policy_with_403()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.ToSubmittedAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync($"{Review}/queue")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostAsync($"{Review}/cases/{journey.CaseId}/claim", new { reviewerId = "rev-1" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync($"{Review}/queue", user: "applicant-1")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync($"{Review}/cases/{journey.CaseId}/claim", new { reviewerId = "rev-1" }, user: "applicant-1")).Status);

        // Nothing was claimed by the refused calls.
        var view = await host.GetAsync($"{Review}/cases/{journey.CaseId}", user: "rev-1", role: "reviewer");
        Assert.Equal("Submitted", view.State);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.Body.GetProperty("reviewerId").ValueKind);
    }

    [Fact]
    public async Task A_reviewer_principal_without_the_configured_reviewer_claim_is_refused_with_403_whatever_the_body_says()
    {
        await using var host = await ApiHost.StartAsync(o => o.ReviewerIdClaimType = "employee_id");
        var journey = new Journey(host, host.AddAccount());
        await journey.ToSubmittedAsync();

        var refused = await host.PostAsync($"{Review}/cases/{journey.CaseId}/claim", new { reviewerId = "rev-1" }, user: "rev-1", role: "reviewer");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("actor.not_allowed", refused.Code);
        var read = await host.GetAsync($"{Review}/cases/{journey.CaseId}", user: "rev-1", role: "reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, read.Status); // reading is recorded under the reviewer's id, so it needs one too
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));
        var row = await host.Services.GetRequiredService<SecurityReset.Ports.IResetCaseStore>().LoadAsync(id, CancellationToken.None);
        Assert.Equal(CaseState.Submitted, row!.State);
    }
}
