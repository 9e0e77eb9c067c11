using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Ports;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.Tests.Security;

/// <summary>Attacks tried against the public API, one named test each: every one failed before its fix.</summary>
public sealed class AttackRegressionTests
{
    public static TheoryData<string, string> WeakKeys => new()
    {
        { "one byte value", Convert.ToBase64String(new byte[32]) },
        { "one byte value, long", Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, 64).ToArray()) },
        { "a short pattern", Convert.ToBase64String(Enumerable.Range(0, 48).Select(i => (byte)(i % 4)).ToArray()) },
        { "a repeated word", Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abab", 10)))) },
    };

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public void Weak_key_a_secret_key_of_a_repeated_value_or_pattern_is_refused_at_start_up_without_being_quoted(string shape, string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Construct(key));

        Assert.Equal(["SecretKey is not random: it repeats one byte value or a short pattern. Draw it from a cryptographic random source."], error.Failures);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(shape));
    }

    [Fact]
    public void Weak_key_random_keys_and_typed_passphrases_of_enough_length_are_accepted()
    {
        for (var i = 0; i < 200; i++)
        {
            Construct(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecurityResetOptions.MinimumSecretKeyBytes)));
        }

        Construct(Convert.ToBase64String(Encoding.ASCII.GetBytes("correct horse battery staple, twice")));
    }

    [Fact]
    public async Task Squatting_a_case_left_past_its_lifetime_no_longer_blocks_the_owner_even_when_no_expiry_job_runs()
    {
        var w = new World();
        var squatted = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(squatted.Succeeded, squatted.ErrorCode);
        var owner = OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web);
        Assert.Equal(ErrorCodes.CaseAlreadyOpen, (await w.Service.OpenCaseAsync(owner, cancellationToken: Ct)).ErrorCode);

        w.Clock.Advance(w.Options.Lifetimes.Case + TimeSpan.FromSeconds(1));
        var opened = await w.Service.OpenCaseAsync(owner, cancellationToken: Ct);

        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.NotEqual(squatted.View!.Id, opened.View!.Id);
        Assert.Equal(CaseState.Expired, w.Load(squatted.View.Id)!.State);
        Assert.Contains(w.Events(squatted.View.Id), e => e.Type == "case.expired");
    }

    [Fact]
    public async Task Squatting_a_case_past_its_lifetime_reads_as_expired_before_the_job_runs()
    {
        var w = new World();
        var squatted = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        w.Clock.Advance(w.Options.Lifetimes.Case);

        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseAsync(squatted.View!.Id, Ct)).View!.State);
        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseForReviewAsync(squatted.View.Id, Ct)).View!.State);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Squatting_a_submitted_case_nobody_reviews_expires_at_the_review_deadline_by_the_job_and_the_owner_is_told_and_opens_again()
    {
        var w = new World();
        var squatted = await SubmitSignedOutAsync(w);
        var owner = OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web);
        w.Clock.Advance(w.Options.Lifetimes.Case * 2);
        Assert.Equal(ErrorCodes.CaseAlreadyOpen, (await w.Service.OpenCaseAsync(owner, cancellationToken: Ct)).ErrorCode);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));

        w.Clock.Advance(w.Options.Review.Deadline - (w.Options.Lifetimes.Case * 2));
        Assert.Equal(1, await w.Service.ExpireCasesAsync(cancellationToken: Ct));

        Assert.Equal(CaseState.Expired, w.Load(squatted)!.State);
        Assert.Contains(w.Events(squatted), e => e is { Type: "case.expired", Detail: "ReviewDeadline" });
        Assert.Equal(
            [Accounts.AlicePhone, Accounts.AliceEmail],
            w.Outbox.Notifications.Where(n => n.CaseId == squatted && n.Subject == NotificationKind.ReviewDeadlinePassed).Select(n => n.Address).Order(StringComparer.Ordinal));
        var opened = await w.Service.OpenCaseAsync(owner, cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.NotEqual(squatted, opened.View!.Id);
    }

    [Fact]
    public async Task Squatting_a_case_under_review_past_the_review_deadline_expires_at_the_owners_next_open_even_when_no_expiry_job_runs()
    {
        var w = new World();
        var squatted = await SubmitSignedOutAsync(w);
        Assert.True((await w.Service.ClaimAsync(squatted, "reviewer-1", cancellationToken: Ct)).Succeeded);
        w.Clock.Advance(w.Options.Review.Deadline);

        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct);

        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.Equal(CaseState.Expired, w.Load(squatted)!.State);
        Assert.Contains(w.Outbox.Notifications, n => n.CaseId == squatted && n.Subject == NotificationKind.ReviewDeadlinePassed && n.Address == Accounts.AliceEmail);
        Assert.Equal(ErrorCodes.TransitionNotAllowed, (await w.Service.ApproveAsync(squatted, "reviewer-1", cancellationToken: Ct)).ErrorCode);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Squatting_a_review_claim_past_its_timeout_lets_another_reviewer_take_the_case_and_the_first_can_no_longer_decide()
    {
        var w = new World();
        var id = await SubmitSignedOutAsync(w);
        Assert.True((await w.Service.ClaimAsync(id, "reviewer-1", cancellationToken: Ct)).Succeeded);
        w.Clock.Advance(w.Options.Review.ClaimTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(ErrorCodes.ReviewClaimHeld, (await w.Service.ClaimAsync(id, "reviewer-2", cancellationToken: Ct)).ErrorCode);

        w.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ErrorCodes.ReviewClaimLapsed, (await w.Service.ApproveAsync(id, "reviewer-1", cancellationToken: Ct)).ErrorCode);
        var taken = await w.Service.ClaimAsync(id, "reviewer-2", cancellationToken: Ct);

        Assert.True(taken.Succeeded, taken.ErrorCode);
        Assert.Equal("reviewer-2", taken.View!.ReviewerId);
        Assert.Contains(taken.View.AuditTrail, e => e is { Type: "case.reclaimed", Detail: "reviewer-1" } && e.Actor == Actor.Reviewer("reviewer-2"));
        Assert.Equal(ErrorCodes.ActorNotAllowed, (await w.Service.ApproveAsync(id, "reviewer-1", cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.ActorNotAllowed, (await w.Service.RejectAsync(id, "reviewer-1", "identity.not_proven", cancellationToken: Ct)).ErrorCode);
        Assert.Equal(CaseState.Rejected, (await w.Service.RejectAsync(id, "reviewer-2", "identity.not_proven", cancellationToken: Ct)).View!.State);
    }

    [Fact]
    public async Task Face_scan_replay_a_passing_session_from_an_earlier_case_fails_in_a_later_case_of_the_same_account()
    {
        var w = new World();
        var first = await OpenCarolAsync(w);
        var session = w.Identity.StartFaceScan(Accounts.CarolId, first);
        w.Identity.CompleteFaceScan(session, passed: true);
        Assert.Equal(CaseState.ReadyToSubmit, (await w.Service.RecordFaceScanAsync(first, session, cancellationToken: Ct)).View!.State);
        Assert.True((await w.Service.CancelAsync(first, cancellationToken: Ct)).Succeeded);

        var second = await OpenCarolAsync(w);
        var replayed = await w.Service.RecordFaceScanAsync(second, session, cancellationToken: Ct);

        Assert.Equal(ErrorCodes.FaceScanFailed, replayed.ErrorCode);
        Assert.Equal(CaseState.VerifyingItems, replayed.View!.State);
        var stored = w.Load(second)!;
        Assert.Equal((1, SecurityItems.None, null), (stored.FaceScanFailures, stored.VerifiedItems, stored.FaceScanReference));
        Assert.Equal(1, w.Guard(Accounts.CarolId)!.ConsecutiveFailures);
    }

    [Fact]
    public async Task Face_scan_replay_the_same_session_twice_in_one_case_is_refused_without_asking_the_vendor_again()
    {
        var asked = 0;
        var w = new World(wrap: new PortWrappers(Identity: inner => new CountingIdentity(inner, () => asked++)));
        var id = await OpenCarolAsync(w);
        w.Identity.RegisterFaceScan(Accounts.CarolId, id, "session-1", passed: false);
        Assert.Equal(ErrorCodes.FaceScanFailed, (await w.Service.RecordFaceScanAsync(id, "session-1", cancellationToken: Ct)).ErrorCode);
        var before = w.Stored(id);

        // The vendor would now pass the session: the case never asks it again.
        w.Identity.RegisterFaceScan(Accounts.CarolId, id, "session-1", passed: true);
        var again = await w.Service.RecordFaceScanAsync(id, "session-1", cancellationToken: Ct);

        Assert.Equal(ErrorCodes.FaceScanSessionUsed, again.ErrorCode);
        Assert.Equal(1, asked);
        Assert.Equal(before, w.Stored(id));
        Assert.Equal(1, w.Guard(Accounts.CarolId)!.ConsecutiveFailures);

        w.Identity.RegisterFaceScan(Accounts.CarolId, id, "session-2", passed: true);
        var passed = await w.Service.RecordFaceScanAsync(id, "session-2", cancellationToken: Ct);
        Assert.Equal(CaseState.ReadyToSubmit, passed.View!.State);
        Assert.Equal("scan-session-2", w.Load(id)!.FaceScanReference);
        Assert.Equal(ErrorCodes.TransitionNotAllowed, (await w.Service.RecordFaceScanAsync(id, "session-2", cancellationToken: Ct)).ErrorCode);
        Assert.Equal(2, asked);
    }

    public static TheoryData<string, string, string> ForeignStatements => new()
    {
        { "blank email", " ", Accounts.AlicePhone },
        { "blank phone", Accounts.AliceEmail, "" },
        { "both blank", "", "" },
        { "someone else's email", Accounts.BobEmail, Accounts.AlicePhone },
        { "someone else's phone", Accounts.AliceEmail, Accounts.CarolPhone },
        { "not an address", "alice at example", Accounts.AlicePhone },
    };

    [Theory]
    [MemberData(nameof(ForeignStatements))]
    public async Task Video_statement_with_a_blank_or_someone_elses_email_or_phone_is_refused_without_saying_which(string shape, string email, string phone)
    {
        var w = new World();
        var id = await ToIdentityVerificationAsync(w);
        var before = w.Stored(id);
        var written = w.Video(Accounts.AliceId);
        var video = written with { Statement = written.Statement with { Email = email, Phone = phone } };

        var answer = await w.Service.SubmitVideoAsync(id, video, cancellationToken: Ct);

        Assert.Equal(ErrorCodes.StatementContactMismatch, answer.ErrorCode);
        Assert.Equal("The email or phone in the statement is not the one bound to the account.", answer.Error!.Message);
        Assert.False(answer.View!.VideoProvided);
        Assert.Equal(before, w.Stored(id));
        Assert.False(string.IsNullOrEmpty(shape));
    }

    [Fact]
    public async Task Video_statement_with_the_bound_email_and_phone_written_differently_is_taken_as_they_are_normalised()
    {
        var w = new World();
        var id = await ToIdentityVerificationAsync(w);
        var written = w.Video(Accounts.AliceId);
        var video = written with { Statement = written.Statement with { Email = "  ALICE.Liddell@Example.COM ", Phone = "+49 151 123-456 78" } };

        var answer = await w.Service.SubmitVideoAsync(id, video, cancellationToken: Ct);

        Assert.True(answer.Succeeded, answer.ErrorCode);
        Assert.True(answer.View!.VideoProvided);
    }

    [Fact]
    public async Task Budget_bypass_verifying_the_applicants_own_new_contact_gives_back_no_failed_guesses_across_cancel_and_reopen()
    {
        var w = new World();
        var right = w.Totp(Accounts.AliceSecret);
        var wrong = right == "000000" ? "111111" : "000000";
        var evaluated = 0;
        var locked = false;
        for (var round = 0; round < 30 && !locked; round++)
        {
            // Five wrong authenticator codes, then cancel.
            var guessing = await OpenSignedOutAsync(w, SecurityItems.Email | SecurityItems.Phone);
            for (var i = 0; i < 5; i++)
            {
                var answer = await w.Service.VerifyAuthenticatorAsync(guessing, wrong, cancellationToken: Ct);
                evaluated += answer.ErrorCode == ErrorCodes.CodeInvalid ? 1 : 0;
                locked |= answer.ErrorCode == ErrorCodes.AccountLocked;
            }

            await w.Service.CancelAsync(guessing, cancellationToken: Ct);
            if (locked)
            {
                break;
            }

            // A case that verifies a code at the attacker's own address, then cancel.
            var resetting = await OpenSignedOutAsync(w, SecurityItems.All);
            await w.Service.AnswerQuestionnaireAsync(resetting, World.Answers(), cancellationToken: Ct);
            await w.Service.ProvideProofsAsync(resetting, World.Proofs(), cancellationToken: Ct);
            await w.Service.SetNewContactAsync(resetting, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct);
            await w.Service.RequestCodeAsync(resetting, VerificationTarget.NewContact, cancellationToken: Ct);
            var own = await w.Service.VerifyCodeAsync(resetting, VerificationTarget.NewContact, w.LastCodeTo(resetting, Accounts.NewEmailA)!, cancellationToken: Ct);
            await w.Service.CancelAsync(resetting, cancellationToken: Ct);
            if (own.ErrorCode == ErrorCodes.AccountLocked)
            {
                locked = true; // the last guess spent the budget: every code check is refused now, the attacker's own too
                break;
            }

            Assert.True(own.Succeeded, own.ErrorCode);
            w.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Report.Line($"budget bypass: {evaluated} wrong authenticator guesses evaluated before the account locked (budget {w.Options.Lockout.MaxFailedAttempts} per {w.Options.Lockout.Duration})");
        Assert.True(locked, "the account never locked");
        Assert.Equal(w.Options.Lockout.MaxFailedAttempts, evaluated);
        Assert.Equal(w.Options.Lockout.MaxFailedAttempts, w.Guard(Accounts.AliceId)!.ConsecutiveFailures);
    }

    private static async Task<CaseId> OpenSignedOutAsync(World w, SecurityItems lost)
    {
        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.True((await w.Service.SelectItemsAsync(opened.View!.Id, lost, cancellationToken: Ct)).Succeeded);
        return opened.View.Id;
    }

    /// <summary>Carol (Advanced KYC), signed in, who lost her phone: the face scan is offered.</summary>
    private static async Task<CaseId> OpenCarolAsync(World w)
    {
        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.True(Expect(await w.Service.SelectItemsAsync(opened.View!.Id, SecurityItems.Phone, cancellationToken: Ct)).View!.FaceScanOffered);
        return opened.View.Id;
    }

    /// <summary>A signed-out applicant for Alice who selects every item and reaches the identity step.</summary>
    private static async Task<CaseId> ToIdentityVerificationAsync(World w)
    {
        var id = await OpenSignedOutAsync(w, SecurityItems.All);
        Expect(await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct));
        Assert.Equal(CaseState.IdentityVerification, Expect(await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct)).View!.State);
        return id;
    }

    /// <summary>A signed-out applicant for Alice who selects every item and submits the case: it waits for review.</summary>
    private static async Task<CaseId> SubmitSignedOutAsync(World w)
    {
        var id = await OpenSignedOutAsync(w, SecurityItems.All);
        Expect(await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct));
        Expect(await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct));
        Expect(await w.Service.SetNewContactAsync(id, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: Ct));
        Expect(await w.Service.VerifyCodeAsync(id, VerificationTarget.NewContact, w.LastCodeTo(id, Accounts.NewEmailA)!, cancellationToken: Ct));
        Expect(await w.Service.SubmitDocumentAsync(id, World.Document(), cancellationToken: Ct));
        Expect(await w.Service.SubmitVideoAsync(id, w.Video(Accounts.AliceId), cancellationToken: Ct));
        Expect(await w.Service.AcceptTermsAsync(id, "2026-11", cancellationToken: Ct));
        Assert.Equal(CaseState.Submitted, Expect(await w.Service.SubmitAsync(id, cancellationToken: Ct)).View!.State);
        return id;
    }

    private static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Counts the face-scan questions the service asks the vendor.</summary>
    private sealed class CountingIdentity(IIdentityChecks inner, Action asked) : IIdentityChecks
    {
        public Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, CaseId caseId, string sessionId, CancellationToken cancellationToken)
        {
            asked();
            return inner.GetFaceScanResultAsync(accountId, caseId, sessionId, cancellationToken);
        }

        public Task<bool> IsKycDocumentAsync(string accountId, IdentityDocumentReference document, CancellationToken cancellationToken) =>
            inner.IsKycDocumentAsync(accountId, document, cancellationToken);

        public Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken) =>
            inner.CheckVideoAsync(accountId, video, cancellationToken);
    }

    private static SecurityResetService Construct(string key) => new(
        Options.Create(new SecurityResetOptions { SecretKey = key }),
        new InMemoryResetCaseStore(),
        new RecordingMessenger(),
        new InMemoryIdentityChecks(),
        new InMemoryAccountDirectory(),
        new FakeTimeProvider());
}
