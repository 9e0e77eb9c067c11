using static SecurityReset.Tests.Service.ServiceFixture;

namespace SecurityReset.Tests.Service;

public sealed class RefusalTests
{
    private static async Task<(ServiceFixture F, CaseId Id)> InIdentityStepAsync(string accountId = AliceId)
    {
        var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(accountId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.All, cancellationToken: Ct));
        Expect(await f.Service.AnswerQuestionnaireAsync(id, Answers(), cancellationToken: Ct));
        Expect(await f.Service.ProvideProofsAsync(id, Proofs(), cancellationToken: Ct));
        return (f, id);
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("  ALICE@Example.COM ")]
    [InlineData("ａｌｉｃｅ@example.com")] // full-width letters fold to the bound address
    public async Task Current_email_as_the_new_contact_is_refused_and_only_counted(string typed)
    {
        var (f, id) = await InIdentityStepAsync();
        using var _ = f;
        var before = (await f.Store.LoadAsync(id, Ct))!;
        var result = await f.Service.SetNewContactAsync(id, ContactKind.Email, typed, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.ContactSameAsCurrent, result.ErrorCode);
        Assert.Null(result.View!.NewContact);
        var after = (await f.Store.LoadAsync(id, Ct))!;
        Assert.Equal((before.State, before.Version + 1), (after.State, after.Version));
        Assert.Empty(f.Outbox.Codes);
    }

    [Theory]
    [InlineData("victim@example.com,attacker@evil.test")]
    [InlineData("victim@example.com attacker@evil.test")]
    [InlineData("attacker@evil.test;victim@example.com")]
    [InlineData("")]
    [InlineData("not-an-email")]
    public async Task A_second_address_smuggled_into_the_contact_field_is_refused(string typed)
    {
        var (f, id) = await InIdentityStepAsync();
        using var _ = f;
        var result = await f.Service.SetNewContactAsync(id, ContactKind.Email, typed, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.ContactInvalid, result.ErrorCode);
        Assert.Empty(f.Outbox.Codes);
    }

    [Fact]
    public async Task A_document_other_than_the_kyc_one_is_refused()
    {
        var (f, id) = await InIdentityStepAsync(BobId);
        using var _ = f;
        f.Identity.AcceptKycDocuments = false;
        var result = await f.Service.SubmitDocumentAsync(id, new DocumentSubmission(DocumentType.NationalId, "FR", "X1", File("front.jpg")), cancellationToken: Ct);
        Assert.Equal(ErrorCodes.DocumentNotKycDocument, result.ErrorCode);
    }

    [Fact]
    public async Task The_vendor_is_handed_the_document_as_submitted_and_refuses_another_number()
    {
        // Bob completed KYC but the directory reports no document: the vendor's comparison is the only one, and it
        // needs the number itself, which the library keeps only as a keyed fingerprint.
        var (f, id) = await InIdentityStepAsync(BobId);
        using var _ = f;
        f.Identity.AcceptKycDocuments = true;
        f.Identity.RegisterKycDocument(BobId, DocumentType.NationalId, "FR", "X1234567");
        var before = await f.Store.LoadAsync(id, Ct);

        var other = await f.Service.SubmitDocumentAsync(id, new DocumentSubmission(DocumentType.NationalId, "FR", "X1234568", File("front.jpg")), cancellationToken: Ct);
        Assert.Equal(ErrorCodes.DocumentNotKycDocument, other.ErrorCode);
        Assert.False(other.View!.DocumentProvided);
        Assert.Equal(before!.Version + 1, (await f.Store.LoadAsync(id, Ct))!.Version);

        Expect(await f.Service.SubmitDocumentAsync(id, new DocumentSubmission(DocumentType.NationalId, "fr", "x 1234-567", File("front.jpg")), cancellationToken: Ct));
    }

    [Fact]
    public async Task The_kyc_document_is_recognised_by_its_fingerprint_whatever_the_spacing()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(CarolId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
        Expect(await f.Service.AnswerQuestionnaireAsync(id, Answers(), cancellationToken: Ct));
        Expect(await f.Service.ProvideProofsAsync(id, Proofs(), cancellationToken: Ct));
        var other = await f.Service.SubmitDocumentAsync(id, new DocumentSubmission(DocumentType.Passport, "DE", "C01X00T48", File("front.jpg")), cancellationToken: Ct);
        Assert.Equal(ErrorCodes.DocumentNotKycDocument, other.ErrorCode);
        Expect(await f.Service.SubmitDocumentAsync(id, new DocumentSubmission(DocumentType.Passport, "de", "c01x 00t-47", File("front.jpg")), cancellationToken: Ct));
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_a_resend_works()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: Ct));
        Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        var code = f.Outbox.LastCode(id, ContactKind.Email)!;
        f.Clock.Advance(TimeSpan.FromMinutes(15));
        var expired = await f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CodeExpired, expired.ErrorCode);

        Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        var fresh = f.Outbox.LastCode(id, ContactKind.Email)!;
        var verified = Expect(await f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, fresh, cancellationToken: Ct));
        Assert.Equal(CaseState.Questionnaire, verified.View!.State);
    }

    [Fact]
    public async Task A_replayed_authenticator_code_is_refused_even_in_a_new_case()
    {
        using var f = new ServiceFixture();
        var first = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(first, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
        var totp = f.Totp(AliceSecret);
        Expect(await f.Service.VerifyAuthenticatorAsync(first, totp, cancellationToken: Ct));
        var again = await f.Service.VerifyAuthenticatorAsync(first, totp, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.TransitionNotAllowed, again.ErrorCode); // verification is over: the case moved on
        Expect(await f.Service.CancelAsync(first, cancellationToken: Ct));

        var second = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(second, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
        var replayed = await f.Service.VerifyAuthenticatorAsync(second, totp, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CodeReplayed, replayed.ErrorCode);

        f.Clock.Advance(TimeSpan.FromSeconds(30));
        Expect(await f.Service.VerifyAuthenticatorAsync(second, f.Totp(AliceSecret), cancellationToken: Ct));
    }

    [Fact]
    public async Task An_unknown_identifier_gets_the_same_shape_of_answer_and_nothing_is_sent()
    {
        using var f = new ServiceFixture();
        var known = Expect(await f.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!;
        var unknown = Expect(await f.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut("nobody@example.com", Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!;

        Assert.Equal(known.State, unknown.State);
        Assert.Equal(known.BoundItems, unknown.BoundItems);
        Assert.Equal(known.AvailableActions, unknown.AvailableActions);
        // Nothing of an account is shown before its owner is proven: no masked contact, known or not.
        Assert.Null(known.BoundEmail);
        Assert.Null(known.BoundPhone);
        Assert.Null(unknown.BoundEmail);
        Assert.Null(unknown.BoundPhone);

        foreach (var view in new[] { known, unknown })
        {
            Expect(await f.Service.SelectItemsAsync(view.Id, SecurityItems.Authenticator, cancellationToken: Ct));
            Expect(await f.Service.RequestCodeAsync(view.Id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        }

        Assert.Single(f.Outbox.Codes);
        var guess = await f.Service.VerifyCodeAsync(unknown.Id, VerificationTarget.BoundEmail, "123456", cancellationToken: Ct);
        var wrong = await f.Service.VerifyCodeAsync(known.Id, VerificationTarget.BoundEmail, f.Outbox.Codes[0].Code == "123456" ? "654321" : "123456", cancellationToken: Ct);
        Assert.Equal(wrong.ErrorCode, guess.ErrorCode);
        Assert.Equal(ErrorCodes.CodeInvalid, guess.ErrorCode);
        Assert.Equal(wrong.View!.State, guess.View!.State);

        // Once the applicant of the real account proves a bound factor, a signed-out open gets nothing of that case.
        // The stand-in's case can prove nothing, so it never holds an account against another open.
        var right = await f.Service.VerifyCodeAsync(known.Id, VerificationTarget.BoundEmail, f.Outbox.Codes[^1].Code, cancellationToken: Ct);
        Assert.True(right.Succeeded, right.ErrorCode);
        var knownAgain = await f.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(AliceEmail, Channel.App, EntryPoint.ForgotPassword), cancellationToken: Ct);
        // It gets a case like an unknown identifier's (on the identifier's stand-in): never the owner's case, nor a sign of it.
        Assert.True(knownAgain.Succeeded, knownAgain.ErrorCode);
        Assert.NotEqual(known.Id, knownAgain.View!.Id);
        Assert.Equal(CaseState.VerifyingItems, (await f.Service.GetCaseAsync(known.Id, Ct)).View!.State);
    }

    [Fact]
    public async Task Unknown_case_ids_are_not_found()
    {
        using var f = new ServiceFixture();
        var result = await f.Service.SelectItemsAsync(CaseId.New(), SecurityItems.Email, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CaseNotFound, result.ErrorCode);
        Assert.Null(result.View);
    }
}
