using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Web;

public sealed class ReviewerPagesTests(WebHostFactory factory) : IClassFixture<WebHostFactory>
{
    private readonly HttpClient _reviewer = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    [Fact]
    public async Task A_reviewer_signs_in_claims_rejects_and_asks_for_information_through_the_pages()
    {
        var api = new ApiClient(factory.CreateClient());
        var first = new Journey(factory, api, TestAccounts.Add(factory.Directory));
        await first.ToSubmittedAsync();
        var second = new Journey(factory, api, TestAccounts.Add(factory.Directory));
        await second.ToSubmittedAsync();

        var queue = await PostFormAsync("/review/sign-in", "/review/sign-in", new() { ["ReviewerId"] = "support-ben" });
        Assert.Contains(first.Account.Id, queue, StringComparison.Ordinal);
        Assert.Contains(second.Account.Id, queue, StringComparison.Ordinal);
        Assert.Contains("Signed in as <strong>Ben (support team)</strong>", queue, StringComparison.Ordinal);

        var page = $"/review/cases/{first.CaseId}";
        Assert.Contains("Claim this case", await _reviewer.GetStringAsync(page, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var claimed = await PostFormAsync(page, page + "?handler=Claim", []);
        Assert.Contains(">UnderReview<", claimed, StringComparison.Ordinal);
        Assert.Contains("case.claimed", claimed, StringComparison.Ordinal);
        var refused = await PostFormAsync(page, page + "?handler=Reject", new() { ["ReasonCode"] = "Not A Code" });
        Assert.Contains("review.reason_invalid", refused, StringComparison.Ordinal);
        var rejected = await PostFormAsync(page, page + "?handler=Reject", new() { ["ReasonCode"] = "document.unclear" });
        Assert.Contains(">Rejected<", rejected, StringComparison.Ordinal);
        Assert.Equal("Rejected", (await api.GetAsync("/api/case", first.Token)).State);

        page = $"/review/cases/{second.CaseId}";
        await PostFormAsync(page, page + "?handler=Claim", []);
        var asked = await PostFormAsync(page, page + "?handler=RequestInformation",
            new() { ["Amend"] = "VerificationVideo", ["ReasonCode"] = "video.unclear" });
        Assert.Contains(">InformationRequested<", asked, StringComparison.Ordinal);
        var applicant = await api.GetAsync("/api/case", second.Token);
        Assert.Equal(["VerificationVideo"], applicant.Case.GetProperty("requestedAmendments").EnumerateArray().Select(e => e.GetString()));

        var unknown = await _reviewer.GetAsync("/review/cases/" + Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Posts a form the way the browser would: with the anti-forgery token of the page it is on.</summary>
    private async Task<string> PostFormAsync(string pageUrl, string action, Dictionary<string, string> fields)
    {
        var html = await _reviewer.GetStringAsync(pageUrl, TestContext.Current.CancellationToken);
        fields["__RequestVerificationToken"] = PagesTests.Token(html);
        fields["RequestKey"] = Guid.NewGuid().ToString("N");
        using var form = new FormUrlEncodedContent(fields);
        using var response = await _reviewer.PostAsync(action, form, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
