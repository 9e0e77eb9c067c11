using System.Net;
using System.Text.Json;
using SecurityReset.Ports;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class VerificationTests(WebHostFactory factory) : ApiTestBase(factory), IClassFixture<WebHostFactory>
{
    [Fact]
    public async Task Selecting_items_moves_on_and_refusals_carry_their_codes()
    {
        var journey = NewJourney(authenticator: false);
        await journey.OpenAsync();

        Refused(await journey.PostAsync("/api/case/items", new { items = Array.Empty<string>() }), HttpStatusCode.BadRequest, "items.empty");
        Refused(await journey.PostAsync("/api/case/items", new { items = new[] { "Wallet" } }), HttpStatusCode.BadRequest, "request.invalid");
        Refused(await Api.PostRawAsync("/api/case/items", journey.Token, "{\"items\":"), HttpStatusCode.BadRequest, "request.invalid");

        // Signed out, the case shows every item until the owner proves one (an account without an authenticator looks
        // like any other); the first verified code narrows it to the account's own items.
        var selected = Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Phone" } }));
        Assert.Equal("VerifyingItems", selected.State);
        Assert.Equal(["Email", "Authenticator"], selected.Case.GetProperty("remainingItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, selected.Case.GetProperty("boundEmail").ValueKind);

        var verified = await journey.VerifyAsync("BoundEmail");
        Assert.Equal("Questionnaire", verified.State);
        Assert.Equal(["Email"], verified.Case.GetProperty("remainingItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.String, verified.Case.GetProperty("boundEmail").ValueKind);
    }

    [Fact]
    public async Task Codes_verify_and_refusals_map_to_400_422_429_and_409()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Phone" } }));

        Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = "123456" }), HttpStatusCode.UnprocessableEntity, "code.not_requested");
        Refused(await journey.PostAsync("/api/case/codes", new { target = "BoundPhone" }), HttpStatusCode.UnprocessableEntity, "verification.not_required");
        Refused(await journey.PostAsync("/api/case/codes", new { }), HttpStatusCode.BadRequest, "request.invalid");
        var code = await journey.RequestCodeAsync("BoundEmail");

        var tooSoon = Refused(await journey.PostAsync("/api/case/codes", new { target = "BoundEmail" }), HttpStatusCode.TooManyRequests, "code.resend_too_soon");
        Assert.Equal("60", tooSoon.Headers.GetValues("Retry-After").Single());

        Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = "12ab" }), HttpStatusCode.BadRequest, "code.malformed");
        var wrong = code == "000000" ? "000001" : "000000";
        var counted = Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = wrong }), HttpStatusCode.UnprocessableEntity, "code.invalid");
        Assert.Equal("VerifyingItems", counted.State); // the counted failure carries the case as it now stands

        var verified = Journey.Ok(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code }));
        Assert.Equal(["Email"], verified.Case.GetProperty("verifiedItems").EnumerateArray().Select(e => e.GetString()));
        Refused(await journey.PostAsync("/api/case/codes", new { target = "BoundEmail" }), HttpStatusCode.Conflict, "verification.already_done");

        Refused(await journey.PostAsync("/api/case/authenticator", new { code = "12" }), HttpStatusCode.BadRequest, "code.malformed");
        var now = TimeProvider.System.GetUtcNow();
        var totp = journey.Account.Totp(now);
        Refused(await journey.PostAsync("/api/case/authenticator", new { code = totp == "000000" ? "000001" : "000000" }), HttpStatusCode.UnprocessableEntity, "code.invalid");
        var done = Journey.Ok(await journey.PostAsync("/api/case/authenticator", new { code = journey.Account.Totp(TimeProvider.System.GetUtcNow()) }));
        Assert.Equal("Questionnaire", done.State);
    }

    [Fact]
    public async Task A_code_requested_through_the_api_is_answered_at_once_and_arrives_through_the_background_delivery_loop()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Authenticator" } }));

        // The answer comes once the request is committed: the code is on its way, not yet sent by this request.
        var requested = Journey.Ok(await journey.PostAsync("/api/case/codes", new { target = "BoundEmail" }));
        Assert.Equal(["BoundEmail"], requested.Case.GetProperty("codesOnTheirWay").EnumerateArray().Select(e => e.GetString()));

        // Nobody here calls DispatchAsync: the host's background service delivers it.
        var code = await Factory.DeliveredCodeAsync(journey.CaseId, after: 0);
        Assert.Equal(ContactKind.Email, code.Kind);
        Assert.Equal(journey.Account.Email, code.Address);
        Assert.Single(Factory.CodesFor(journey.CaseId));

        var verified = Journey.Ok(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = code.Code }));
        Assert.Equal(["Email"], verified.Case.GetProperty("verifiedItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(verified.Case.GetProperty("codesOnTheirWay").EnumerateArray());
    }

    [Fact]
    public async Task The_face_scan_shortcut_needs_advanced_kyc_and_a_passing_vendor_session()
    {
        var kyc = new Journey(Factory, Api, TestAccounts.Add(Factory.Directory, kyc: KycLevel.Advanced, document: new KycDocumentRecord(DocumentType.Passport, "SG", "K7654321Z")));
        await kyc.OpenAsync();
        var selected = Journey.Ok(await kyc.PostAsync("/api/case/items", new { items = new[] { "Phone" } }));
        Assert.True(selected.Case.GetProperty("faceScanOffered").GetBoolean());

        var failing = Journey.Ok(await kyc.PostAsync("/api/demo/face-scan-sessions", new { passed = false })).Body.GetProperty("sessionId").GetString();
        Refused(await kyc.PostAsync("/api/case/face-scan", new { sessionId = failing }), HttpStatusCode.UnprocessableEntity, "facescan.failed");
        Refused(await kyc.PostAsync("/api/case/face-scan", new { sessionId = "" }), HttpStatusCode.BadRequest, "request.invalid");

        var passing = Journey.Ok(await kyc.PostAsync("/api/demo/face-scan-sessions", new { passed = true })).Body.GetProperty("sessionId").GetString();
        var scanned = Journey.Ok(await kyc.PostAsync("/api/case/face-scan", new { sessionId = passing }));
        Assert.Equal("ReadyToSubmit", scanned.State);
        Assert.Equal("Submitted", Journey.Ok(await kyc.PostAsync("/api/case/submit")).State);

        var plain = NewJourney();
        await plain.OpenAsync();
        Journey.Ok(await plain.PostAsync("/api/case/items", new { items = new[] { "Phone" } }));
        // Before a factor is proven every applicant is offered the scan; without Advanced KYC even a vendor's pass fails.
        var session = Journey.Ok(await plain.PostAsync("/api/demo/face-scan-sessions", new { passed = true })).Body.GetProperty("sessionId").GetString();
        Refused(await plain.PostAsync("/api/case/face-scan", new { sessionId = session }), HttpStatusCode.UnprocessableEntity, "facescan.failed");
        Assert.Equal("VerifyingItems", (await plain.VerifyAsync("BoundEmail")).State); // the authenticator is left
        var later = Journey.Ok(await plain.PostAsync("/api/demo/face-scan-sessions", new { passed = true })).Body.GetProperty("sessionId").GetString();
        Refused(await plain.PostAsync("/api/case/face-scan", new { sessionId = later }), HttpStatusCode.UnprocessableEntity, "facescan.not_offered");
    }

    [Fact]
    public async Task An_advanced_kyc_applicant_who_lost_every_item_is_offered_the_face_scan_at_the_questionnaire()
    {
        var kyc = new Journey(Factory, Api, TestAccounts.Add(Factory.Directory, authenticator: false, kyc: KycLevel.Advanced, document: new KycDocumentRecord(DocumentType.Passport, "SG", "K7654322Z")));
        await kyc.OpenAsync();
        var selected = Journey.Ok(await kyc.PostAsync("/api/case/items", new { items = new[] { "Email", "Phone", "Authenticator" } }));
        Assert.Equal("Questionnaire", selected.State);
        Assert.True(selected.Case.GetProperty("faceScanOffered").GetBoolean());

        var session = Journey.Ok(await kyc.PostAsync("/api/demo/face-scan-sessions", new { passed = true })).Body.GetProperty("sessionId").GetString();
        var scanned = Journey.Ok(await kyc.PostAsync("/api/case/face-scan", new { sessionId = session }));

        Assert.Equal("ReadyToSubmit", scanned.State);
        Refused(await kyc.PostAsync("/api/case/face-scan", new { sessionId = session }), HttpStatusCode.Conflict, "transition.not_allowed");
    }

    [Fact]
    public async Task The_demo_kyc_account_is_seeded_with_its_document()
    {
        var record = Factory.Directory.Find(DemoAccounts.AdvancedKyc.Id);

        Assert.Equal(KycLevel.Advanced, record?.Kyc);
        Assert.NotNull(record?.KycDocument);
    }
}
