using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class OpenAndHandleTests(WebHostFactory factory) : ApiTestBase(factory), IClassFixture<WebHostFactory>
{
    [Fact]
    public async Task Opening_answers_201_with_a_handle_and_the_view()
    {
        var journey = NewJourney();
        var opened = await journey.OpenAsync();

        Assert.Equal(HttpStatusCode.Created, opened.Status);
        Assert.Equal("SelectingItems", opened.State);
        Assert.Equal("App", opened.Case.GetProperty("channel").GetString());
        Assert.Equal(["Email", "Phone", "Authenticator"], opened.Case.GetProperty("boundItems").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(journey.CaseId, journey.Token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_identifier_gets_the_same_answer_and_no_code_is_sent()
    {
        var (token, unknown) = await Api.OpenAsync("nobody-here@example.test");

        Assert.Equal(HttpStatusCode.Created, unknown.Status);
        Assert.Equal("SelectingItems", unknown.State);
        Assert.Equal(["Email", "Phone", "Authenticator"], unknown.Case.GetProperty("boundItems").EnumerateArray().Select(e => e.GetString()));
        await Api.PostAsync("/api/case/items", token, new { items = new[] { "Authenticator" } });
        var sent = await Api.PostAsync("/api/case/codes", token, new { target = "BoundEmail" });
        Assert.Equal(HttpStatusCode.OK, sent.Status);

        // A real account's code asked for afterwards arrives through the delivery loop; by then nothing came for the unknown one.
        var known = NewJourney();
        await known.OpenAsync();
        Journey.Ok(await known.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));
        await known.RequestCodeAsync("BoundEmail");
        Assert.Empty(Factory.CodesFor(unknown.Case.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task A_second_open_while_the_case_proved_nothing_supersedes_it_and_its_handle_is_refused()
    {
        // Whoever opened the first case showed no factor bound to the account: a new open (the owner's, or anyone's)
        // ends it, and the handle that held it stops working at once.
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));
        var superseded = journey.Token;

        var (handle, again) = await Api.OpenAsync(journey.Account.Email, "LoggedOutAfterPassword");

        Assert.NotEqual(journey.CaseId, again.Case.GetProperty("id").GetString());
        Assert.Equal("SelectingItems", Journey.Ok(await Api.GetAsync("/api/case", handle)).State);
        var read = Refused(await Api.GetAsync("/api/case", superseded), HttpStatusCode.Forbidden, "case.credential_invalid");
        Assert.False(read.Body.TryGetProperty("case", out _));
        Refused(await Api.PostAsync("/api/case/codes", superseded, new { target = "BoundEmail" }), HttpStatusCode.Forbidden, "case.credential_invalid");
        Refused(await Api.PostAsync("/api/case/cancel", superseded), HttpStatusCode.Forbidden, "case.credential_invalid");
        Refused(await Api.UploadAsync(superseded, SampleFiles.Pdf()), HttpStatusCode.Forbidden, "case.credential_invalid");
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));
        var service = Factory.Services.GetRequiredService<SecurityResetService>();
        Assert.Equal(CaseState.Superseded, (await service.GetCaseForReviewAsync(id, "reviewer-a", TestContext.Current.CancellationToken)).View!.State);
    }

    [Fact]
    public async Task A_second_open_once_the_case_proved_a_factor_gets_a_case_like_an_unknown_identifier_and_not_the_open_one()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));
        await journey.VerifyAsync("BoundEmail");

        var again = await Api.PostAsync("/api/cases", null, new { identifier = journey.Account.Email, entryPoint = "LoggedOutAfterPassword" });

        // A 409 would tell whoever typed the identifier that it has an account: the answer is a case of its own, on the
        // identifier's stand-in account, like an unknown identifier's; the holder's case is neither ended nor shown.
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal("SelectingItems", again.State);
        Assert.NotEqual(journey.CaseId, again.Case.GetProperty("id").GetString());
        Assert.NotNull(again.NewHandle);
        Assert.Equal("VerifyingItems", Journey.Ok(await journey.GetAsync()).State); // the holder keeps the case
    }

    [Fact]
    public async Task A_handle_from_before_a_verified_factor_is_refused_with_403_after_the_rotation()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));
        var before = journey.Token;

        var verified = await journey.VerifyAsync("BoundEmail");

        // The answer carries the new handle in X-Reset-Case, and never the bare credential.
        Assert.NotNull(verified.NewHandle);
        Assert.Equal(verified.NewHandle, journey.Token);
        Assert.NotEqual(before, journey.Token);
        Assert.False(verified.Case.TryGetProperty("access", out _));
        Assert.DoesNotContain("credential", verified.Body.ToString(), StringComparison.OrdinalIgnoreCase);

        var read = Refused(await Api.GetAsync("/api/case", before), HttpStatusCode.Forbidden, "case.credential_invalid");
        Assert.Equal("Denied", read.Body.GetProperty("kind").GetString());
        Assert.False(read.Body.TryGetProperty("case", out _));
        Refused(await Api.PostAsync("/api/case/codes", before, new { target = "BoundPhone" }), HttpStatusCode.Forbidden, "case.credential_invalid");
        Refused(await Api.PostAsync("/api/case/cancel", before), HttpStatusCode.Forbidden, "case.credential_invalid");
        Refused(await Api.UploadAsync(before, SampleFiles.Pdf()), HttpStatusCode.Forbidden, "case.credential_invalid");

        // The new handle holds the case; each further factor replaces it again.
        Assert.Equal(["Email"], Journey.Ok(await journey.GetAsync()).Case.GetProperty("verifiedItems").EnumerateArray().Select(e => e.GetString()));
        var second = journey.Token;
        await journey.VerifyAsync("BoundPhone");
        Assert.Equal(3, journey.Handles.Count);
        Refused(await Api.GetAsync("/api/case", second), HttpStatusCode.Forbidden, "case.credential_invalid");
        Assert.Equal("Questionnaire", Journey.Ok(await journey.GetAsync()).State);
    }

    [Fact]
    public async Task A_verification_retried_with_its_key_and_the_old_handle_answers_again_with_the_new_handle()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));
        var before = journey.Token;
        var code = await journey.RequestCodeAsync("BoundEmail");

        // The first answer is lost on its way back; the app retries with the handle it still has.
        var first = Journey.Ok(await Api.PostAsync("/api/case/codes/verify", before, new { target = "BoundEmail", code }, "verify-email-1"));
        var retry = Journey.Ok(await Api.PostAsync("/api/case/codes/verify", before, new { target = "BoundEmail", code }, "verify-email-1"));

        Assert.Equal(first.Version, retry.Version);
        Assert.NotNull(retry.NewHandle);
        Assert.Equal(["Email"], Journey.Ok(await Api.GetAsync("/api/case", retry.NewHandle)).Case.GetProperty("verifiedItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("VerifyingItems", Journey.Ok(await Api.GetAsync("/api/case", first.NewHandle)).State);
        Refused(await Api.GetAsync("/api/case", before), HttpStatusCode.Forbidden, "case.credential_invalid");
    }

    [Fact]
    public async Task An_open_with_an_idempotency_key_is_kept_within_the_app_installation_named_by_its_device_header()
    {
        var account = TestAccounts.Add(Factory.Directory);

        Refused(await Api.OpenRawAsync(account.Email, idempotencyKey: "open-1"), HttpStatusCode.BadRequest, "request.invalid");
        Refused(await Api.OpenRawAsync(account.Email, idempotencyKey: "open-1", device: new string('d', 129)), HttpStatusCode.BadRequest, "request.invalid");

        var (first, opened) = await Api.OpenAsync(account.Email, idempotencyKey: "open-1", device: "install-a");
        var (retried, replayed) = await Api.OpenAsync(account.Email, idempotencyKey: "open-1", device: "install-a");
        var id = opened.Case.GetProperty("id").GetString();
        Assert.Equal(id, replayed.Case.GetProperty("id").GetString());
        Assert.Equal("SelectingItems", Journey.Ok(await Api.GetAsync("/api/case", retried)).State);

        // The same key from another installation is another request: a case of its own, which supersedes the first.
        var (other, elsewhere) = await Api.OpenAsync(account.Email, idempotencyKey: "open-1", device: "install-b");
        Assert.NotEqual(id, elsewhere.Case.GetProperty("id").GetString());
        Journey.Ok(await Api.GetAsync("/api/case", other));
        Refused(await Api.GetAsync("/api/case", first), HttpStatusCode.Forbidden, "case.credential_invalid");
    }

    [Theory]
    [InlineData("""{"identifier":"not an address","entryPoint":"ForgotPassword"}""", "contact.invalid")]
    [InlineData("""{"identifier":"someone@example.test"}""", "request.invalid")]
    [InlineData("""{"identifier":"someone@example.test","entryPoint":"LoggedIn"}""", "request.invalid")]
    [InlineData("""{"identifier":"someone@example.test","entryPoint":"Sideways"}""", "request.invalid")]
    [InlineData("""not json""", "request.invalid")]
    public async Task Malformed_opens_are_400(string body, string code) =>
        Refused(await Api.PostRawAsync("/api/cases", null, body), HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task Reading_the_case_needs_the_handle_header()
    {
        var journey = NewJourney();
        await journey.OpenAsync();

        Assert.Equal("SelectingItems", Journey.Ok(await Api.GetAsync("/api/case", journey.Token)).State);
        Refused(await Api.GetAsync("/api/case", null), HttpStatusCode.BadRequest, "request.invalid");
        Refused(await Api.GetAsync("/api/case", "forged-handle"), HttpStatusCode.NotFound, "case.not_found");

        // The bare case id is no handle: the library logs it and reviewers see it.
        Refused(await Api.GetAsync("/api/case", journey.CaseId), HttpStatusCode.NotFound, "case.not_found");
        Refused(await Api.PostAsync("/api/case/cancel", journey.CaseId), HttpStatusCode.NotFound, "case.not_found");
    }

    [Fact]
    public async Task The_terms_version_is_published()
    {
        var terms = await Api.GetAsync("/api/terms", null);

        Assert.Equal("2025-06", terms.Body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_answer_and_sends_nothing_new()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));

        var first = Journey.Ok(await journey.PostAsync("/api/case/codes", new { target = "BoundEmail" }, key: "retry-1"));
        await Factory.DeliveredCodeAsync(journey.CaseId, after: 0);
        var retry = Journey.Ok(await journey.PostAsync("/api/case/codes", new { target = "BoundEmail" }, key: "retry-1"));

        // The retry commits nothing (the case keeps its version), so nothing new enters the outbox.
        Assert.Equal(first.Version, retry.Version);
        Assert.Equal(first.Version, (await Api.GetAsync("/api/case", journey.Token)).Version);
        Assert.Single(Factory.CodesFor(journey.CaseId));
        Refused(await journey.PostAsync("/api/case/codes", new { target = "BoundPhone" }, key: "retry-1"), HttpStatusCode.Conflict, "request.idempotency_key_reused");
        Refused(await journey.PostAsync("/api/case/codes", new { target = "BoundPhone" }, key: new string('k', 129)), HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task A_step_out_of_order_is_409()
    {
        var journey = NewJourney();
        await journey.OpenAsync();

        Refused(await journey.AnswerAsync(), HttpStatusCode.Conflict, "transition.not_allowed");
        Refused(await journey.PostAsync("/api/case/submit"), HttpStatusCode.Conflict, "transition.not_allowed");
    }

    [Fact]
    public async Task Cancel_ends_the_case_and_a_second_cancel_is_409()
    {
        var journey = NewJourney();
        await journey.OpenAsync();

        Assert.Equal("Cancelled", Journey.Ok(await journey.PostAsync("/api/case/cancel")).State);
        Refused(await journey.PostAsync("/api/case/cancel"), HttpStatusCode.Conflict, "transition.not_allowed");
    }
}
