using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Workflow;

/// <summary>Personal information and identity verification: new contact, document, video, terms, submission.</summary>
public sealed class IdentityVerificationTests
{
    private static CaseHarness AtIdentity(AccountSnapshot? account = null, DateTimeOffset? start = null, SecurityItems lost = SecurityItems.Authenticator)
    {
        var harness = new CaseHarness(account, start: start);
        harness.SelectItems(lost);
        harness.VerifyRemaining();
        harness.AnswerQuestionnaire();
        harness.ProvideProofs();
        Assert.Equal(CaseState.IdentityVerification, harness.Case.State);
        return harness;
    }

    [Fact]
    public void The_bound_email_cannot_be_the_new_contact()
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.CountedMismatch(harness, new SetNewContact(Contacts.Email(Contacts.BoundEmailAddress)), ErrorCodes.ContactSameAsCurrent);
    }

    [Fact]
    public void The_bound_phone_cannot_be_the_new_contact()
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.CountedMismatch(harness, new SetNewContact(Contacts.Phone(Contacts.BoundPhoneNumber)), ErrorCodes.ContactSameAsCurrent);
    }

    [Fact]
    public void The_bound_email_cannot_be_the_new_contact_even_when_it_is_the_item_being_reset()
    {
        var harness = AtIdentity(lost: SecurityItems.Email);
        var before = harness.Case;

        DecisionAssert.CountedMismatch(harness, new SetNewContact(Contacts.Email(Contacts.BoundEmailAddress)), ErrorCodes.ContactSameAsCurrent);
    }

    [Fact]
    public void The_comparison_is_by_fingerprint_only()
    {
        var harness = AtIdentity();
        var bound = harness.Case.Account.Email!;
        var before = harness.Case;

        DecisionAssert.CountedMismatch(harness, new SetNewContact(Contacts.WithFingerprint(ContactKind.Email, bound.Fingerprint)), ErrorCodes.ContactSameAsCurrent);
        DecisionAssert.Accepted(harness.Send(new SetNewContact(Contacts.WithFingerprint(ContactKind.Email, bound.Fingerprint + "0"))), CaseState.IdentityVerification);
    }

    [Fact]
    public void A_contact_is_compared_with_the_bound_contact_of_its_own_kind()
    {
        var harness = AtIdentity(AccountBuilder.Default().WithoutPhone().Build());

        // The phone's fingerprint equals the email's: a different kind is a different contact.
        var phone = Contacts.WithFingerprint(ContactKind.Phone, harness.Case.Account.Email!.Fingerprint);
        DecisionAssert.Accepted(harness.Send(new SetNewContact(phone)), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_contact_without_a_fingerprint_is_refused(string fingerprint)
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SetNewContact(Inputs.NewEmail with { Fingerprint = fingerprint })), ErrorCodes.ContactInvalid, before);
    }

    [Fact]
    public void A_contact_without_its_sealed_value_or_of_an_unknown_kind_is_refused()
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SetNewContact(Inputs.NewEmail with { Sealed = null })), ErrorCodes.ContactInvalid, before);
        DecisionAssert.Refused(harness.Send(new SetNewContact(Inputs.NewEmail with { Kind = (ContactKind)7 })), ErrorCodes.ContactInvalid, before);
    }

    [Fact]
    public void A_code_for_the_new_contact_needs_the_contact_first()
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.NewContact)), ErrorCodes.ContactNotSet, before);
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.BoundEmail)), ErrorCodes.VerificationNotRequired, before);
    }

    [Fact]
    public void The_new_contact_is_verified_by_a_code_sent_to_it()
    {
        var harness = AtIdentity();
        harness.Accept(new SetNewContact(Inputs.NewEmail));
        var code = harness.RequestCode(VerificationTarget.NewContact);

        var decision = harness.Send(new VerifyCode(VerificationTarget.NewContact, code));

        DecisionAssert.Accepted(decision, CaseState.IdentityVerification);
        Assert.True(decision.Case.NewContactVerified);
        Assert.Equal(Inputs.NewEmail, decision.Case.NewContact);
        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new VerifyCode(VerificationTarget.NewContact, code)), ErrorCodes.VerificationAlreadyDone, before);
        DecisionAssert.Refused(harness.Send(new RequestCode(VerificationTarget.NewContact)), ErrorCodes.VerificationAlreadyDone, before);
    }

    [Fact]
    public void The_new_contact_code_follows_the_code_rules()
    {
        var harness = AtIdentity();
        harness.Accept(new SetNewContact(Inputs.NewEmail));
        var code = harness.RequestCode(VerificationTarget.NewContact);
        harness.Wait(TimeSpan.FromSeconds(59));
        Assert.Equal(ErrorCodes.CodeResendTooSoon, harness.Send(new RequestCode(VerificationTarget.NewContact)).Error?.Code);
        harness.Wait(TimeSpan.FromMinutes(15));

        Assert.Equal(ErrorCodes.CodeExpired, harness.Send(new VerifyCode(VerificationTarget.NewContact, code)).Error?.Code);
    }

    [Fact]
    public void Changing_the_contact_drops_the_live_code_and_the_verification_but_keeps_the_counters()
    {
        var harness = AtIdentity();
        harness.Accept(new SetNewContact(Inputs.NewEmail));
        var code = harness.RequestCode(VerificationTarget.NewContact);
        harness.Send(new VerifyCode(VerificationTarget.NewContact, RecordingCodeGenerator.Wrong(code)));

        var changed = harness.Accept(new SetNewContact(Inputs.NewPhone));

        var challenge = changed.Case.Challenge(VerificationTarget.NewContact)!;
        Assert.Null(challenge.CodeHash);
        Assert.Equal(1, challenge.CodesIssued);
        Assert.Equal(1, challenge.FailedAttempts);
        Assert.False(changed.Case.NewContactVerified);
        Assert.Equal(ErrorCodes.CodeNotRequested, harness.Send(new VerifyCode(VerificationTarget.NewContact, code)).Error?.Code);
        Assert.Equal(ErrorCodes.CodeResendTooSoon, harness.Send(new RequestCode(VerificationTarget.NewContact)).Error?.Code);
    }

    [Fact]
    public void Changing_a_verified_contact_needs_a_new_verification()
    {
        var harness = AtIdentity();
        harness.Accept(new SetNewContact(Inputs.NewEmail));
        harness.Accept(new VerifyCode(VerificationTarget.NewContact, harness.RequestCode(VerificationTarget.NewContact)));

        harness.Accept(new SetNewContact(Inputs.NewPhone));

        Assert.False(harness.Case.NewContactVerified);
    }

    [Theory]
    [InlineData(KycLevel.Basic)]
    [InlineData(KycLevel.Advanced)]
    public void A_kyc_account_must_use_its_kyc_document(KycLevel kyc)
    {
        var harness = AtIdentity(AccountBuilder.Default().WithKyc(kyc).Build());
        var before = harness.Case;
        var kycDocument = AccountBuilder.KycPassport;

        DecisionAssert.CountedMismatch(harness, new SubmitDocument(Inputs.Document(Inputs.OtherPassport)), ErrorCodes.DocumentNotKycDocument);
        DecisionAssert.CountedMismatch(harness, new SubmitDocument(Inputs.Document(kycDocument with { Type = DocumentType.NationalId })), ErrorCodes.DocumentNotKycDocument);
        DecisionAssert.CountedMismatch(harness, new SubmitDocument(Inputs.Document(kycDocument with { IssuingCountry = "IE" })), ErrorCodes.DocumentNotKycDocument);

        var accepted = harness.Send(new SubmitDocument(Inputs.Document(kycDocument)));
        DecisionAssert.Accepted(accepted, CaseState.IdentityVerification);
        Assert.Equal(kycDocument, accepted.Case.Document!.Reference);
        Assert.Equal(CaseEventTypes.DocumentSubmitted, Assert.Single(accepted.Events).Type);
    }

    [Fact]
    public void Without_kyc_any_valid_document_is_accepted()
    {
        var harness = AtIdentity();

        DecisionAssert.Accepted(harness.Send(new SubmitDocument(Inputs.Document(Inputs.OtherPassport))), CaseState.IdentityVerification);
        DecisionAssert.Accepted(harness.Send(new SubmitDocument(Inputs.Document(Inputs.OtherPassport with { Type = DocumentType.DrivingLicence, IssuingCountry = "FR" }))), CaseState.IdentityVerification);
    }

    [Fact]
    public void A_document_can_be_replaced_before_submission()
    {
        var harness = AtIdentity();
        harness.Accept(new SubmitDocument(Inputs.Document(Inputs.OtherPassport)));

        harness.Accept(new SubmitDocument(Inputs.Document(AccountBuilder.KycPassport)));

        Assert.Equal(AccountBuilder.KycPassport, harness.Case.Document!.Reference);
    }

    [Theory]
    [InlineData("gb", "fp", "image/jpeg", ErrorCodes.DocumentInvalid)]
    [InlineData("GBR", "fp", "image/jpeg", ErrorCodes.DocumentInvalid)]
    [InlineData("GB", " ", "image/jpeg", ErrorCodes.DocumentInvalid)]
    [InlineData("GB", "fp", "image/gif", ErrorCodes.EvidenceMediaTypeNotAllowed)]
    public void A_malformed_document_is_refused(string country, string fingerprint, string mediaType, string errorCode)
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var document = Inputs.Document(new IdentityDocumentReference(DocumentType.Passport, country, fingerprint), Inputs.File("front", mediaType));

        DecisionAssert.Refused(harness.Send(new SubmitDocument(document)), errorCode, before);
    }

    [Fact]
    public void An_unknown_document_type_or_too_large_image_is_refused()
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new SubmitDocument(Inputs.Document(Inputs.OtherPassport with { Type = (DocumentType)42 }))), ErrorCodes.DocumentInvalid, before);
        DecisionAssert.Refused(harness.Send(new SubmitDocument(Inputs.Document(front: Inputs.File(mediaType: "image/png", sizeBytes: (20L * 1024 * 1024) + 1)))), ErrorCodes.EvidenceTooLarge, before);
    }

    [Fact]
    public void A_video_with_a_statement_of_today_is_recorded_with_masked_contacts()
    {
        var harness = AtIdentity();

        var decision = harness.Send(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now))));

        DecisionAssert.Accepted(decision, CaseState.IdentityVerification);
        var statement = decision.Case.Video!.Statement;
        Assert.DoesNotContain(Contacts.BoundEmailAddress, statement.Email, StringComparison.Ordinal);
        Assert.DoesNotContain(Contacts.BoundPhoneNumber, statement.Phone, StringComparison.Ordinal);
        Assert.Equal(CaseEventTypes.VideoSubmitted, Assert.Single(decision.Events).Type);
    }

    [Fact]
    public void The_statement_uid_must_be_the_account_id()
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement("U10203041", harness.Now)))), ErrorCodes.StatementUidMismatch, before);
        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement("u10203040", harness.Now)))), ErrorCodes.StatementUidMismatch, before);
        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement($" {AccountBuilder.DefaultAccountId} ", harness.Now)))), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData("someone.else@example.org", Contacts.BoundPhoneNumber)]
    [InlineData(Contacts.BoundEmailAddress, "+447700900124")]
    [InlineData("", Contacts.BoundPhoneNumber)]
    [InlineData(Contacts.BoundEmailAddress, " ")]
    [InlineData("", "")]
    public void The_statement_email_and_phone_must_be_the_bound_ones_and_one_code_answers_for_either(string email, string phone)
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now) with { Email = email, Phone = phone };

        var decision = harness.Send(Inputs.SubmitVideo(Inputs.Video(statement)));

        DecisionAssert.CountedFailure(decision, ErrorCodes.StatementContactMismatch, before);
        Assert.Equal("The email or phone in the statement is not the one bound to the account.", decision.Error!.Message);
    }

    [Fact]
    public void A_contact_the_account_does_not_have_bound_may_be_left_blank_on_the_statement()
    {
        var harness = AtIdentity(AccountBuilder.Default().WithoutPhone().Build());
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now) with { Phone = "" };

        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), CaseState.IdentityVerification);
    }

    [Fact]
    public void The_statement_contacts_are_compared_as_the_service_fingerprints_them_and_none_given_is_a_mismatch()
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var video = Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now));

        DecisionAssert.CountedMismatch(harness, new SubmitVideo(video), ErrorCodes.StatementContactMismatch);
        DecisionAssert.CountedMismatch(harness, new SubmitVideo(video, Contacts: new StatementContacts(before.Account.Email!.Fingerprint, null)), ErrorCodes.StatementContactMismatch);
        DecisionAssert.Accepted(harness.Send(new SubmitVideo(video, Contacts: new StatementContacts(before.Account.Email.Fingerprint, before.Account.Phone!.Fingerprint))), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void The_statement_date_must_be_today(int daysOff)
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now);

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement with { Date = statement.Date.AddDays(daysOff) }))), ErrorCodes.StatementDateNotToday, before);
    }

    [Fact]
    public void Today_is_the_date_in_the_declared_offset_east_of_utc()
    {
        // 23:30 UTC on 10 March is already 11 March at UTC+2.
        var harness = AtIdentity(start: new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.Zero));
        var before = harness.Case;
        var plus2 = TimeSpan.FromHours(2);
        var statement = new DeclaredStatement(AccountBuilder.DefaultAccountId, Contacts.BoundEmailAddress, Contacts.BoundPhoneNumber, new DateOnly(2025, 3, 10), plus2, "Lost my phone");

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), ErrorCodes.StatementDateNotToday, before);
        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement with { Date = new DateOnly(2025, 3, 11) }))), CaseState.IdentityVerification);
    }

    [Fact]
    public void Today_is_the_date_in_the_declared_offset_west_of_utc()
    {
        // 02:00 UTC on 11 March is still 10 March at UTC-5 (and 11 March in UTC).
        var harness = AtIdentity(start: new DateTimeOffset(2025, 3, 11, 2, 0, 0, TimeSpan.Zero));
        var before = harness.Case;
        var statement = new DeclaredStatement(AccountBuilder.DefaultAccountId, Contacts.BoundEmailAddress, Contacts.BoundPhoneNumber, new DateOnly(2025, 3, 11), TimeSpan.FromHours(-5), "Lost my phone");

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), ErrorCodes.StatementDateNotToday, before);
        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement with { Date = new DateOnly(2025, 3, 10) }))), CaseState.IdentityVerification);
    }

    [Fact]
    public void Today_in_a_half_hour_offset_is_honoured()
    {
        // 19:00 UTC is 00:30 the next day at UTC+5:30.
        var harness = AtIdentity(start: new DateTimeOffset(2025, 3, 10, 19, 0, 0, TimeSpan.Zero));
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now, new TimeSpan(5, 30, 0));

        Assert.Equal(new DateOnly(2025, 3, 11), statement.Date);
        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData(14 * 60)]
    [InlineData(-14 * 60)]
    public void Today_at_the_furthest_offsets_14_hours_either_way_is_honoured(int minutes)
    {
        var harness = AtIdentity();
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now, TimeSpan.FromMinutes(minutes));

        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData(15 * 60)]
    [InlineData(-15 * 60)]
    public void An_offset_beyond_14_hours_is_refused(int minutes)
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now) with { UtcOffset = TimeSpan.FromMinutes(minutes) };

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), ErrorCodes.StatementInvalid, before);
    }

    [Theory]
    [InlineData(0, 0, 30)]
    [InlineData(5, 30, 1)]
    [InlineData(-3, 0, -45)]
    public void An_offset_that_is_not_whole_minutes_is_refused_not_thrown(int hours, int minutes, int seconds)
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now) with { UtcOffset = new TimeSpan(hours, minutes, seconds) };

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement))), ErrorCodes.StatementInvalid, before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void A_blank_reason_is_refused(string reason)
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now, reason: reason)))), ErrorCodes.StatementReasonMissing, before);
    }

    [Fact]
    public void The_video_file_must_be_an_allowed_video_of_allowed_size()
    {
        var harness = AtIdentity();
        var before = harness.Case;
        var statement = Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now);

        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement, Inputs.VideoFile("image/jpeg")))), ErrorCodes.EvidenceMediaTypeNotAllowed, before);
        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement, Inputs.VideoFile(sizeBytes: (200L * 1024 * 1024) + 1)))), ErrorCodes.EvidenceTooLarge, before);
        DecisionAssert.Refused(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement, Inputs.VideoFile() with { Sha256 = "x" }))), ErrorCodes.EvidenceInvalid, before);
        DecisionAssert.Accepted(harness.Send(Inputs.SubmitVideo(Inputs.Video(statement, Inputs.VideoFile("video/webm", 200L * 1024 * 1024)))), CaseState.IdentityVerification);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("v1\n")]
    public void A_terms_version_must_be_given(string version)
    {
        var harness = AtIdentity();
        var before = harness.Case;

        DecisionAssert.Refused(harness.Send(new AcceptTerms(version)), ErrorCodes.TermsVersionInvalid, before);
    }

    [Fact]
    public void Accepting_the_terms_records_the_version()
    {
        var harness = AtIdentity();

        var decision = harness.Send(new AcceptTerms(Inputs.TermsVersion));

        Assert.Equal(Inputs.TermsVersion, decision.Case.AcceptedTermsVersion);
        Assert.Equal(CaseEventTypes.TermsAccepted, Assert.Single(decision.Events).Type);
    }

    public enum Missing
    {
        ContactVerification,
        Document,
        Video,
        Terms,
    }

    [Theory]
    [InlineData(Missing.ContactVerification)]
    [InlineData(Missing.Document)]
    [InlineData(Missing.Video)]
    [InlineData(Missing.Terms)]
    public void Submission_is_refused_until_every_identity_item_is_recorded(Missing missing)
    {
        var harness = AtIdentity();
        harness.Accept(new SetNewContact(Inputs.NewEmail));
        var code = harness.RequestCode(VerificationTarget.NewContact);
        if (missing != Missing.ContactVerification)
        {
            harness.Accept(new VerifyCode(VerificationTarget.NewContact, code));
        }

        if (missing != Missing.Document)
        {
            harness.Accept(new SubmitDocument(Inputs.Document()));
        }

        if (missing != Missing.Video)
        {
            harness.Accept(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now))));
        }

        if (missing != Missing.Terms)
        {
            harness.Accept(new AcceptTerms(Inputs.TermsVersion));
        }

        var before = harness.Case;
        DecisionAssert.Refused(harness.Send(new Submit()), ErrorCodes.SubmissionIncomplete, before);
    }

    [Fact]
    public void A_complete_case_is_submitted_in_any_order_of_the_identity_items()
    {
        var harness = AtIdentity();
        harness.Accept(new AcceptTerms(Inputs.TermsVersion));
        harness.Accept(Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(AccountBuilder.DefaultAccountId, harness.Now))));
        harness.Accept(new SetNewContact(Inputs.NewPhone));
        harness.Accept(new SubmitDocument(Inputs.Document()));
        harness.Accept(new VerifyCode(VerificationTarget.NewContact, harness.RequestCode(VerificationTarget.NewContact)));

        var decision = harness.Send(new Submit());

        DecisionAssert.Accepted(decision, CaseState.Submitted);
        Assert.Equal(harness.Now, decision.Case.SubmittedAt);
        Assert.Equal(CaseEventTypes.Submitted, Assert.Single(decision.Events).Type);
    }
}
