using System.Net;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Api;

public sealed class CaseHandleTests
{
    [Fact]
    public async Task A_verified_factor_replaces_the_handle_and_the_old_one_is_refused_with_403_at_once()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        var before = journey.Handle;

        var verified = await journey.VerifyAsync("BoundEmail", ContactKind.Email);
        Assert.NotNull(verified.Handle);
        Assert.NotEqual(before, verified.Handle);
        Assert.Equal("no-store", verified.Headers["Cache-Control"]);

        var stale = await host.GetAsync($"{Journey.Prefix}/case", before);
        Assert.Equal(HttpStatusCode.Forbidden, stale.Status);
        Assert.Equal("case.credential_invalid", stale.Code);
        var staleStep = await host.PostAsync($"{Journey.Prefix}/case/codes", new { target = "BoundPhone" }, before);
        Assert.Equal(HttpStatusCode.Forbidden, staleStep.Status);
        Assert.Equal("case.credential_invalid", staleStep.Code);

        Journey.Ok(await journey.GetAsync());
    }

    [Fact]
    public async Task A_signed_in_open_supersedes_the_signed_out_case_and_its_handle_is_refused_with_403()
    {
        await using var host = await ApiHost.StartAsync();
        var account = host.AddAccount();
        var journey = new Journey(host, account);
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        await journey.VerifyAsync("BoundEmail", ContactKind.Email);

        // The owner signs in and starts over; the body's identifier is not read for a signed-in open.
        var signedIn = await host.PostAsync($"{Journey.Prefix}/cases", new { identifier = "someone@example.test", entryPoint = "LoggedIn" }, user: account.AccountId);
        Assert.True(signedIn.Status == HttpStatusCode.Created, signedIn.ToString());
        Assert.Equal("LoggedIn", signedIn.Body.GetProperty("entryPoint").GetString());
        Assert.NotEqual(journey.CaseId, signedIn.Body.GetProperty("id").GetString());

        var old = await host.GetAsync($"{Journey.Prefix}/case", journey.Handle);
        Assert.Equal(HttpStatusCode.Forbidden, old.Status);
        Assert.Equal("case.credential_invalid", old.Code);

        var fresh = await host.GetAsync($"{Journey.Prefix}/case", signedIn.Handle);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
    }

    [Fact]
    public async Task A_missing_handle_is_malformed_and_a_forged_one_names_no_case()
    {
        await using var host = await ApiHost.StartAsync();

        var missing = await host.GetAsync($"{Journey.Prefix}/case");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("request.invalid", missing.Code);

        var forged = await host.GetAsync($"{Journey.Prefix}/case", "not-a-handle");
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Equal("case.not_found", forged.Code);
    }

    [Fact]
    public async Task A_signed_out_open_with_an_idempotency_key_replays_the_same_case_for_the_same_device()
    {
        await using var host = await ApiHost.StartAsync();
        var account = host.AddAccount();
        var body = new { identifier = account.Email, entryPoint = "ForgotPassword" };

        var noDevice = await host.PostAsync($"{Journey.Prefix}/cases", body, idempotencyKey: "open-1");
        Assert.Equal(HttpStatusCode.BadRequest, noDevice.Status);
        Assert.Equal("request.invalid", noDevice.Code);

        var first = await SendOpenAsync(host, body, "device-a");
        var again = await SendOpenAsync(host, body, "device-a");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(first.Body.GetProperty("id").GetString(), again.Body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_owner_disputes_with_the_token_of_a_notice_without_a_case_handle()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.ToSubmittedAsync();
        await host.Service.DispatchAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));
        var token = host.Messenger.Notifications.Where(n => n.CaseId == id).Select(n => n.DisputeToken).LastOrDefault(t => t is not null);
        Assert.NotNull(token);

        var refused = await host.PostAsync($"{Journey.Prefix}/disputes", new { token = token + "x", reason = "It was not me." });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("dispute.token_invalid", refused.Code);

        var disputed = await host.PostAsync($"{Journey.Prefix}/disputes", new { token, reason = "It was not me." });
        Assert.True(disputed.Status == HttpStatusCode.OK, disputed.ToString());
        Assert.False(disputed.Body.GetProperty("resetHeld").GetBoolean());
    }

    private static async Task<ApiResponse> SendOpenAsync(ApiHost host, object body, string device)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Journey.Prefix}/cases") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", "open-1");
        request.Headers.Add("X-Reset-Device", device);
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new ApiResponse(response.StatusCode, System.Text.Json.JsonDocument.Parse(text).RootElement.Clone(), new Dictionary<string, string>(), null);
    }
}
