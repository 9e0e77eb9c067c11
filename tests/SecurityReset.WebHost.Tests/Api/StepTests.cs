using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.Ports;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class StepTests(WebHostFactory factory) : ApiTestBase(factory), IClassFixture<WebHostFactory>
{
    [Fact]
    public async Task A_whole_case_through_the_api_reaches_the_review_queue()
    {
        var journey = NewJourney();

        var submitted = await journey.ToSubmittedAsync();

        Assert.Equal("Submitted", submitted.State);
        Assert.True(submitted.Case.GetProperty("newContactVerified").GetBoolean());
        Assert.Equal("2025-06", submitted.Case.GetProperty("acceptedTermsVersion").GetString());
        Assert.True(submitted.Case.GetProperty("questionnaireAnswered").GetBoolean());
        Assert.DoesNotContain("score", submitted.Body.GetRawText(), StringComparison.OrdinalIgnoreCase); // no oracle for the applicant
    }

    [Fact]
    public async Task The_questionnaire_refuses_malformed_answers_with_400()
    {
        var journey = NewJourney();
        await journey.ToQuestionnaireAsync();

        Refused(await journey.PostAsync("/api/case/questionnaire", new { recentTrades = new[] { new string('x', 201) } }), HttpStatusCode.BadRequest, "questionnaire.invalid");
        Assert.Equal("SupplementaryProofs", Journey.Ok(await journey.AnswerAsync()).State);
    }

    [Fact]
    public async Task Proofs_need_the_four_required_kinds_and_stored_files()
    {
        var journey = NewJourney();
        await journey.ToQuestionnaireAsync();
        Journey.Ok(await journey.AnswerAsync());
        var one = await Api.StoreAsync(journey.Token, SampleFiles.Pdf());

        Refused(await journey.PostAsync("/api/case/proofs", new { proofs = new[] { new { kind = "SourceOfFunds", evidenceId = one } } }), HttpStatusCode.UnprocessableEntity, "proofs.missing_required");
        Refused(await journey.PostAsync("/api/case/proofs", new { proofs = new[] { new { kind = "SourceOfFunds", evidenceId = "evidence:" + new string('a', 64) } } }), HttpStatusCode.BadRequest, "evidence.invalid");
        Refused(await journey.PostAsync("/api/case/proofs", new { proofs = Array.Empty<object>() }), HttpStatusCode.UnprocessableEntity, "proofs.missing_required");
        Assert.Equal("IdentityVerification", Journey.Ok(await journey.ProofsAsync()).State);
    }

    [Fact]
    public async Task The_new_contact_must_differ_from_the_bound_one()
    {
        var journey = NewJourney();
        await journey.ToIdentityAsync();

        Refused(await journey.PostAsync("/api/case/contact", new { kind = "Email", address = "  " + journey.Account.Email.ToUpperInvariant() }), HttpStatusCode.UnprocessableEntity, "contact.same_as_current");
        Refused(await journey.PostAsync("/api/case/contact", new { kind = "Email", address = "not-an-address" }), HttpStatusCode.BadRequest, "contact.invalid");
        Refused(await journey.PostAsync("/api/case/codes", new { target = "NewContact" }), HttpStatusCode.UnprocessableEntity, "contact.not_set");

        var verified = Journey.Ok(await journey.NewContactAsync($"fresh{journey.Account.Id}@example.test"));
        Assert.True(verified.Case.GetProperty("newContactVerified").GetBoolean());
    }

    [Fact]
    public async Task A_kyc_account_must_show_its_kyc_document()
    {
        var account = TestAccounts.Add(Factory.Directory, kyc: KycLevel.Basic, document: new KycDocumentRecord(DocumentType.Passport, "GB", "533380006"));
        var journey = new Journey(Factory, Api, account);
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Email", "Phone", "Authenticator" } }));
        Journey.Ok(await journey.AnswerAsync());
        Journey.Ok(await journey.ProofsAsync());

        Refused(await journey.DocumentAsync("DrivingLicence", "GB", "DOE99905122J99AB"), HttpStatusCode.UnprocessableEntity, "document.not_kyc_document");
        Refused(await journey.DocumentAsync("Passport", "Great Britain", "533380006"), HttpStatusCode.BadRequest, "document.invalid");
        Refused(await journey.PostAsync("/api/case/document", new { type = "Passport", issuingCountry = "GB", number = "533380006", frontImageId = "nothing" }), HttpStatusCode.BadRequest, "evidence.invalid");
        Assert.True(Journey.Ok(await journey.DocumentAsync("Passport", "GB", "533380006")).Case.GetProperty("documentProvided").GetBoolean());
    }

    [Fact]
    public async Task The_video_statement_is_checked()
    {
        var journey = NewJourney();
        await journey.ToIdentityAsync();

        Refused(await journey.VideoAsync(uid: "99999999"), HttpStatusCode.UnprocessableEntity, "statement.uid_mismatch");
        Refused(await journey.VideoAsync(date: "2001-01-01"), HttpStatusCode.UnprocessableEntity, "statement.date_not_today");
        Refused(await journey.PostAsync("/api/case/video", new { videoId = await Api.StoreAsync(journey.Token, SampleFiles.Mp4(), "Video"), statement = new { uid = journey.Account.Id } }),
            HttpStatusCode.BadRequest, "statement.invalid");

        // A picture is no video: the stored file is checked against the video types.
        var picture = await Api.StoreAsync(journey.Token, SampleFiles.Png());
        Refused(await journey.PostAsync("/api/case/video", new { videoId = picture, statement = new { uid = journey.Account.Id, date = Journey.Today(Factory), utcOffsetMinutes = 0, reason = "r" } }),
            HttpStatusCode.UnprocessableEntity, "evidence.media_type_not_allowed");
        Assert.True(Journey.Ok(await journey.VideoAsync()).Case.GetProperty("videoProvided").GetBoolean());
    }

    [Fact]
    public async Task After_a_request_for_information_the_applicant_amends_and_resubmits()
    {
        var journey = NewJourney();
        await journey.ToSubmittedAsync();
        var service = Factory.Services.GetRequiredService<SecurityResetService>();
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));
        Assert.True((await service.ClaimAsync(id, "support-anna", cancellationToken: TestContext.Current.CancellationToken)).Succeeded);
        Assert.True((await service.RequestInformationAsync(id, "support-anna", AmendableItems.Questionnaire, "questionnaire.low_score", cancellationToken: TestContext.Current.CancellationToken)).Succeeded);

        var asked = Journey.Ok(await Api.GetAsync("/api/case", journey.Token));
        Assert.Equal("InformationRequested", asked.State);
        Assert.Equal(["Questionnaire"], asked.Case.GetProperty("requestedAmendments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("questionnaire.low_score", asked.Case.GetProperty("reasonCode").GetString());
        Refused(await journey.PostAsync("/api/case/submit"), HttpStatusCode.UnprocessableEntity, "submission.incomplete");
        Refused(await journey.ProofsAsync(), HttpStatusCode.UnprocessableEntity, "amendment.not_requested");
        Journey.Ok(await journey.AnswerAsync());
        Assert.Equal("Submitted", Journey.Ok(await journey.PostAsync("/api/case/submit")).State);
    }

    [Fact]
    public async Task A_reviewer_decision_retried_with_its_key_returns_the_first_answer()
    {
        var journey = NewJourney();
        await journey.ToSubmittedAsync();
        var service = Factory.Services.GetRequiredService<SecurityResetService>();
        Assert.True(CaseId.TryParse(journey.CaseId, out var id));
        var ct = TestContext.Current.CancellationToken;

        var first = await service.ClaimAsync(id, "support-anna", "claim-1", ct);
        var retry = await service.ClaimAsync(id, "support-anna", "claim-1", ct);

        Assert.True(retry.Succeeded, retry.ErrorCode);
        Assert.Equal(first.View!.Version, retry.View!.Version);
        Assert.Equal(first.View.AuditTrail.Count, retry.View.AuditTrail.Count);
    }

    [Fact]
    public async Task Terms_and_submission_refusals()
    {
        var journey = NewJourney();
        await journey.ToIdentityAsync();

        Refused(await journey.PostAsync("/api/case/terms", new { version = "" }), HttpStatusCode.BadRequest, "terms.version_invalid");
        Journey.Ok(await journey.PostAsync("/api/case/terms", new { version = "2025-06" }));
        Refused(await journey.PostAsync("/api/case/submit"), HttpStatusCode.UnprocessableEntity, "submission.incomplete");
    }
}
