using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Tests.Reliability;
using SecurityReset.Workflow;

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

    [Theory]
    [InlineData(101)]
    [InlineData(1000)]
    public void Weak_configuration_a_failure_budget_above_the_100_nist_allows_is_refused_at_start_up(int budget)
    {
        var options = new SecurityResetOptions { SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        options.Lockout.MaxFailuresPerFactor = budget;

        var error = Assert.Throws<OptionsValidationException>(() => Construct(options));

        Assert.Contains(error.Failures, f => f.StartsWith("Lockout.MaxFailuresPerFactor must be between 1 and 100", StringComparison.Ordinal));
        options.Lockout.MaxFailuresPerFactor = 100;
        Construct(options);
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
        var squatted = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(squatted.Succeeded, squatted.ErrorCode);
        var owner = OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.App, EntryPoint.ForgotPassword);

        w.Clock.Advance(w.Options.Lifetimes.Case + TimeSpan.FromSeconds(1));
        var opened = await w.Service.OpenTrackedAsync(owner, cancellationToken: Ct);

        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.NotEqual(squatted.View!.Id, opened.View!.Id);
        Assert.Equal(CaseState.Expired, w.Load(squatted.View.Id)!.State);
        Assert.Contains(w.Events(squatted.View.Id), e => e.Type == "case.expired");
    }

    [Fact]
    public async Task Squatting_a_case_past_its_lifetime_reads_as_expired_before_the_job_runs()
    {
        var w = new World();
        var squatted = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        w.Clock.Advance(w.Options.Lifetimes.Case);

        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseAsync(squatted.View!.Id, Ct)).View!.State);
        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseForReviewAsync(squatted.View.Id, "reviewer-a", Ct)).View!.State);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Squatting_a_submitted_case_nobody_reviews_expires_at_the_review_deadline_by_the_job_and_the_owner_is_told_and_opens_again()
    {
        var w = new World();
        var squatted = await SubmitSignedOutAsync(w);
        var owner = OpenCaseRequest.SignedOut(Accounts.AlicePhone, Channel.App, EntryPoint.LoggedOutAfterPassword);
        w.Clock.Advance(w.Options.Lifetimes.Case * 2);
        // The squatter proved a factor, so a signed-out open does not end the case; it gets a stand-in's case (saying
        // "already open" would tell a stranger that the identifier has an account).
        var blocked = await w.Service.OpenTrackedAsync(owner, cancellationToken: Ct);
        Assert.True(blocked.Succeeded, blocked.ErrorCode);
        Assert.NotEqual(squatted, blocked.View!.Id);
        Assert.Equal(CaseState.Submitted, w.Load(squatted)!.State);
        Expect(await w.Service.CancelAsync(blocked.View.Id, cancellationToken: Ct));
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));

        w.Clock.Advance(w.Options.Lifetimes.ReviewDeadline - (w.Options.Lifetimes.Case * 2));
        Assert.Equal(1, await w.Service.ExpireCasesAsync(cancellationToken: Ct));

        Assert.Equal(CaseState.Expired, w.Load(squatted)!.State);
        Assert.Contains(w.Events(squatted), e => e is { Type: "case.expired", Detail: "ReviewDeadline" });
        Assert.Equal(
            [Accounts.AlicePhone, Accounts.AliceEmail],
            w.Outbox.Notifications.Where(n => n.CaseId == squatted && n.Subject == NotificationKind.ReviewDeadlinePassed).Select(n => n.Address).Order(StringComparer.Ordinal));
        var opened = await w.Service.OpenTrackedAsync(owner, cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.NotEqual(squatted, opened.View!.Id);
    }

    [Fact]
    public async Task Squatting_a_case_under_review_past_the_review_deadline_expires_at_the_owners_next_open_even_when_no_expiry_job_runs()
    {
        var w = new World();
        var squatted = await SubmitSignedOutAsync(w);
        Assert.True((await w.Service.ClaimAsync(squatted, "reviewer-1", cancellationToken: Ct)).Succeeded);
        w.Clock.Advance(w.Options.Lifetimes.ReviewDeadline);

        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct);

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
        w.Clock.Advance(w.Options.Lifetimes.ReviewClaim - TimeSpan.FromSeconds(1));
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
        Assert.Equal(1, w.Failures(Accounts.CarolId, AccountFactor.FaceScan));
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
        Assert.Equal(1, w.Failures(Accounts.CarolId, AccountFactor.FaceScan));

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
        Assert.Equal((before!.State, before.Version + 1), (w.Stored(id)!.State, w.Stored(id)!.Version)); // a counted mismatch
        Assert.Equal(1, w.Failures(Accounts.AliceId, AccountFactor.IdentityDetails));
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
        var evaluated = 0;
        var ownVerified = 0;
        var locked = false;
        for (var round = 0; round < 30 && !locked; round++)
        {
            // Five wrong authenticator codes, then cancel.
            var guessing = await OpenSignedOutAsync(w, SecurityItems.Email | SecurityItems.Phone);
            for (var i = 0; i < 5; i++)
            {
                var answer = await w.Service.VerifyAuthenticatorAsync(guessing, WrongTotp(w), cancellationToken: Ct);
                evaluated += answer.ErrorCode == ErrorCodes.CodeInvalid ? 1 : 0;
                locked |= answer.ErrorCode == ErrorCodes.AccountLocked;
            }

            await w.Service.CancelAsync(guessing, cancellationToken: Ct);
            if (locked)
            {
                break;
            }

            // A case that verifies a code at the attacker's own address, then cancel. The attacker's address gets
            // its codes of the window (Codes.MaxPerDestinationPerAccount), and none after.
            var resetting = await OpenSignedOutAsync(w, SecurityItems.All);
            await w.Service.AnswerQuestionnaireAsync(resetting, JunkAnswers, cancellationToken: Ct);
            await w.Service.ProvideProofsAsync(resetting, World.Proofs(), cancellationToken: Ct);
            await w.Service.SetNewContactAsync(resetting, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct);
            var requested = await w.Service.RequestCodeAsync(resetting, VerificationTarget.NewContact, cancellationToken: Ct);
            if (requested.Succeeded)
            {
                var own = await w.Service.VerifyCodeAsync(resetting, VerificationTarget.NewContact, w.LastCodeTo(resetting, Accounts.NewEmailA)!, cancellationToken: Ct);
                Assert.True(own.Succeeded, own.ErrorCode);
                ownVerified++;
            }
            else
            {
                Assert.Equal(ErrorCodes.CodeSendLimitReached, requested.ErrorCode);
            }

            await w.Service.CancelAsync(resetting, cancellationToken: Ct);
            w.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Report.Line($"budget bypass: {evaluated} wrong authenticator guesses evaluated before the authenticator locked, {ownVerified} codes verified at the attacker's own address (budget {w.Options.Lockout.MaxFailuresPerFactor} per factor per {w.Options.Lockout.Window})");
        Assert.True(locked, "the authenticator never locked");
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, evaluated);
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, w.Failures(Accounts.AliceId, AccountFactor.Authenticator));
        Assert.Equal(w.Options.Codes.MaxPerDestinationPerAccount, ownVerified);
    }

    /// <summary>
    /// The review's loop, for a whole three days of fake time at a high rate: open signed out with the victim's email,
    /// select all three items (nothing remains to verify), junk questionnaire, the four proofs, the attacker's own email
    /// as the new contact, verify its code, cancel; in between, a case that keeps the email and the authenticator to
    /// verify, with wrong authenticator codes and wrong codes for the bound email until the case's own limits, then
    /// cancel. However the cases are cycled, no 24-hour interval evaluates more than the budget of either factor.
    /// </summary>
    [Theory]
    [InlineData(10, 50)] // the defaults: the email receives 10 codes a day, each burnt after 5 wrong guesses
    [InlineData(100, 100)] // codes enough: the email's failure budget is what stops the guessing
    public async Task Budget_bypass_the_review_loop_evaluates_at_most_100_wrong_guesses_per_factor_per_account_in_any_24_hours(int codesPerDestination, int expectedEmailGuesses)
    {
        Assert.SkipWhen(Settings.MutationRun, "A mutation run leaves out the three-day loop (five seconds a case); it measures the account's limits.");
        var w = new World(o => o.Codes.MaxPerDestinationPerAccount = codesPerDestination);
        var window = TimeSpan.FromHours(24);
        var authenticator = new List<DateTimeOffset>();
        var email = new List<DateTimeOffset>();
        var attackerCodes = new List<DateTimeOffset>();
        var (cases, calls) = (0, 0);
        var end = w.Clock.GetUtcNow() + TimeSpan.FromDays(3);
        while (w.Clock.GetUtcNow() < end)
        {
            // The case that verifies the attacker's own contact.
            var resetting = await OpenSignedOutAsync(w, SecurityItems.All);
            await w.Service.AnswerQuestionnaireAsync(resetting, JunkAnswers, cancellationToken: Ct);
            await w.Service.ProvideProofsAsync(resetting, World.Proofs(), cancellationToken: Ct);
            await w.Service.SetNewContactAsync(resetting, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct);
            if ((await w.Service.RequestCodeAsync(resetting, VerificationTarget.NewContact, cancellationToken: Ct)).Succeeded)
            {
                attackerCodes.Add(w.Clock.GetUtcNow());
                Assert.True((await w.Service.VerifyCodeAsync(resetting, VerificationTarget.NewContact, w.LastCodeTo(resetting, Accounts.NewEmailA)!, cancellationToken: Ct)).Succeeded);
            }

            await w.Service.CancelAsync(resetting, cancellationToken: Ct);

            // The guessing case.
            var guessing = await OpenSignedOutAsync(w, SecurityItems.Phone);
            await w.Service.RequestCodeAsync(guessing, VerificationTarget.BoundEmail, cancellationToken: Ct);
            for (var i = 0; i < 5; i++)
            {
                w.Clock.Advance(TimeSpan.FromSeconds(10));
                if ((await w.Service.VerifyAuthenticatorAsync(guessing, WrongTotp(w), cancellationToken: Ct)).ErrorCode == ErrorCodes.CodeInvalid)
                {
                    authenticator.Add(w.Clock.GetUtcNow());
                }

                if ((await w.Service.VerifyCodeAsync(guessing, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode == ErrorCodes.CodeInvalid)
                {
                    email.Add(w.Clock.GetUtcNow());
                }
            }

            await w.Service.CancelAsync(guessing, cancellationToken: Ct);
            (cases, calls) = (cases + 2, calls + 21);
            w.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        var (mostAuthenticator, mostEmail, mostAttackerCodes) = (MostWithin(authenticator, window), MostWithin(email, window), MostWithin(attackerCodes, window));
        Report.Line($"budget bypass loop, 3 days, {cases} cases, {calls} calls, {codesPerDestination} codes per destination: at most {mostAuthenticator} wrong authenticator codes, {mostEmail} wrong email codes and {mostAttackerCodes} codes to the attacker's address evaluated or sent in any 24 hours ({authenticator.Count}, {email.Count} and {attackerCodes.Count} in all)");
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, mostAuthenticator);
        Assert.Equal(expectedEmailGuesses, mostEmail);
        Assert.Equal(codesPerDestination, mostAttackerCodes);
        Assert.True(authenticator.Count > 2 * w.Options.Lockout.MaxFailuresPerFactor, "the lock never passed");
    }

    [Fact]
    public async Task Budget_bypass_cancelling_and_reopening_gains_no_codes_to_the_bound_phone()
    {
        var w = new World();
        var answers = new List<string?>();
        for (var round = 0; round < 30; round++)
        {
            var id = await OpenSignedOutAsync(w, SecurityItems.Email | SecurityItems.Authenticator);
            answers.Add((await w.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, cancellationToken: Ct)).ErrorCode);
            w.Deliver(); // the host's delivery loop sends it before the case is cancelled
            await w.Service.CancelAsync(id, cancellationToken: Ct);
            w.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var limit = w.Options.Codes.MaxPerDestinationPerAccount;
        Report.Line($"cancel and reopen: {answers.Count(a => a is null)} of 30 codes sent to the bound phone within {w.Clock.GetUtcNow() - World.Start}");
        Assert.Equal([.. Enumerable.Repeat<string?>(null, limit), .. Enumerable.Repeat<string?>(ErrorCodes.CodeSendLimitReached, 30 - limit)], answers);
        Assert.Equal(limit, w.Outbox.Codes.Count(c => c.Address == Accounts.AlicePhone));
        Assert.Equal(limit, w.Sends(Accounts.AliceId, VerificationTarget.BoundPhone));

        // A whole window after the last code sent, the phone takes codes again; the email had its own count all along.
        w.Clock.Advance(w.Options.Lockout.Window - TimeSpan.FromMinutes(22)); // the 10th code went 21 minutes ago
        var early = await OpenSignedOutAsync(w, SecurityItems.Authenticator);
        Assert.Equal(ErrorCodes.CodeSendLimitReached, (await w.Service.RequestCodeAsync(early, VerificationTarget.BoundPhone, cancellationToken: Ct)).ErrorCode);
        Assert.True((await w.Service.RequestCodeAsync(early, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await w.Service.RequestCodeAsync(early, VerificationTarget.BoundPhone, cancellationToken: Ct)).Succeeded);
        Assert.Equal(limit + 1, w.Outbox.Codes.Count(c => c.Address == Accounts.AlicePhone));
    }

    [Fact]
    public async Task Budget_bypass_sms_pumping_to_one_new_contact_number_across_cases_is_capped_and_so_is_the_number_of_numbers()
    {
        var w = new World();
        var sent = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbers = Enumerable.Range(0, 8).Select(i => $"+3369876{i:D4}").ToList();
        foreach (var number in numbers)
        {
            for (var round = 0; round < 15; round++)
            {
                var id = await OpenSignedOutAsync(w, SecurityItems.All);
                await w.Service.AnswerQuestionnaireAsync(id, JunkAnswers, cancellationToken: Ct);
                await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct);
                Assert.True((await w.Service.SetNewContactAsync(id, ContactKind.Phone, number, cancellationToken: Ct)).Succeeded);
                var requested = await w.Service.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: Ct);
                Assert.True(requested.Succeeded || requested.ErrorCode == ErrorCodes.CodeSendLimitReached, requested.ErrorCode);
                w.Deliver();
                await w.Service.CancelAsync(id, cancellationToken: Ct);
                w.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            sent[number] = w.Outbox.Codes.Count(c => c.Address == number);
        }

        Report.Line($"SMS pumping across cases: codes per new number {string.Join(", ", sent.Values)}");
        var (perNumber, numbersAllowed) = (w.Options.Codes.MaxPerDestinationPerAccount, w.Options.Codes.MaxNewContactsPerAccount);
        Assert.Equal([.. Enumerable.Repeat(perNumber, numbersAllowed), .. Enumerable.Repeat(0, numbers.Count - numbersAllowed)], sent.Values);
        Assert.Equal(perNumber * numbersAllowed, w.Outbox.Codes.Count);
    }

    [Fact]
    public async Task Detail_oracle_a_stranger_cannot_test_the_kyc_document_or_the_bound_phone_without_limit_across_cases()
    {
        // Signed out with Carol's email alone and every item declared lost, nothing is proven on the way to the identity
        // step; there, each refusal answered "is this Carol's document?" or "is this Carol's phone?", without limit.
        var w = new World(o => o.Lockout.MaxFailuresPerFactor = 10);
        var answers = new List<string?>();
        CaseId id = default;
        for (var round = 0; round < 3; round++)
        {
            id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.CarolEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!.Id;
            Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.All, cancellationToken: Ct)).Succeeded);
            Assert.True((await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct)).Succeeded);
            Assert.Equal(CaseState.IdentityVerification, (await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct)).View!.State);
            for (var i = 0; i < 4; i++)
            {
                answers.Add((await w.Service.SubmitDocumentAsync(id, World.Document($"C01X{round}{i:D4}", DocumentType.Passport), cancellationToken: Ct)).ErrorCode);
                answers.Add((await w.Service.SetNewContactAsync(id, ContactKind.Phone, Accounts.CarolPhone, cancellationToken: Ct)).ErrorCode);
            }

            if (round < 2)
            {
                Assert.True((await w.Service.CancelAsync(id, cancellationToken: Ct)).Succeeded);
            }
        }

        var mismatches = answers.Count(a => a is ErrorCodes.DocumentNotKycDocument or ErrorCodes.ContactSameAsCurrent);
        Report.Line($"detail oracle across 3 cases: {mismatches} of {answers.Count} guesses answered before the account's budget of {w.Options.Lockout.MaxFailuresPerFactor} closed them");
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, mismatches);
        Assert.All(answers.Skip(mismatches), a => Assert.Equal(ErrorCodes.AccountLocked, a));
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, w.Failures(Accounts.CarolId, AccountFactor.IdentityDetails));

        // The right document is refused too while the budget is spent, so the oracle stays shut; a window later it is taken.
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.SubmitDocumentAsync(id, World.CarolDocument(), cancellationToken: Ct)).ErrorCode);
        w.Clock.Advance(w.Options.Lockout.Window);
        Assert.True((await w.Service.SubmitDocumentAsync(id, World.CarolDocument(), cancellationToken: Ct)).Succeeded);
    }

    [Fact]
    public async Task Budget_bypass_face_scan_failures_are_capped_per_account_across_cases()
    {
        var w = new World();
        var failed = 0;
        var answers = new List<string?>();
        for (var round = 0; round < 6; round++)
        {
            // Signed in: the account's own KYC level decides from the start.
            var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct);
            var id = opened.View!.Id;
            Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
            for (var i = 0; i < 5; i++)
            {
                var answer = (await w.Service.RecordFaceScanAsync(id, $"scan-fail-{round}-{i}", cancellationToken: Ct)).ErrorCode; // a session the vendor never passed
                answers.Add(answer);
                failed += answer == ErrorCodes.FaceScanFailed ? 1 : 0;
            }

            // The scan that would pass is refused too, while the codes of the case still work.
            if (round == 5)
            {
                w.Identity.RegisterFaceScan(Accounts.CarolId, id, "scan-pass", passed: true);
                Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.RecordFaceScanAsync(id, "scan-pass", cancellationToken: Ct)).ErrorCode);
                Assert.True((await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
                Assert.True((await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, w.LastCodeTo(id, Accounts.CarolEmail)!, cancellationToken: Ct)).Succeeded);
            }
            else
            {
                await w.Service.CancelAsync(id, cancellationToken: Ct);
            }

            w.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        Report.Line($"face scans across 6 cases: {failed} failures evaluated (per case {w.Options.FaceScan.MaxFailures}, per account {w.Options.FaceScan.MaxFailuresPerAccount} per {w.Options.Lockout.Window})");
        Assert.Equal(w.Options.FaceScan.MaxFailuresPerAccount, failed);
        Assert.Equal(w.Options.FaceScan.MaxFailuresPerAccount, w.Failures(Accounts.CarolId, AccountFactor.FaceScan));
        Assert.All(answers.Skip(failed), a => Assert.Equal(ErrorCodes.AccountLocked, a));
    }

    [Fact]
    public async Task Budget_bypass_a_success_with_the_authenticator_does_not_give_back_the_emails_budget()
    {
        var w = new World(o => o.Lockout.MaxFailuresPerFactor = 6);
        var id = await OpenSignedOutAsync(w, SecurityItems.Phone);
        Assert.True((await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
            Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyAuthenticatorAsync(id, WrongTotp(w), cancellationToken: Ct)).ErrorCode);
        }

        // The owner's authenticator clears its own count, and only its own.
        Assert.True((await w.Service.VerifyAuthenticatorAsync(id, w.Totp(Accounts.AliceSecret), cancellationToken: Ct)).Succeeded);
        Assert.Equal(0, w.Failures(Accounts.AliceId, AccountFactor.Authenticator));
        Assert.Equal(4, w.Failures(Accounts.AliceId, AccountFactor.BoundEmail));
        await w.Service.CancelAsync(id, cancellationToken: Ct);

        var next = await OpenSignedOutAsync(w, SecurityItems.Phone | SecurityItems.Authenticator);
        Assert.True((await w.Service.RequestCodeAsync(next, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
        Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyCodeAsync(next, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyCodeAsync(next, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.VerifyCodeAsync(next, VerificationTarget.BoundEmail, w.LastCodeTo(next, Accounts.AliceEmail)!, cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.RequestCodeAsync(next, VerificationTarget.BoundEmail, cancellationToken: Ct)).ErrorCode);
    }

    [Fact]
    public async Task Budget_bypass_a_success_on_a_stand_in_account_resets_nothing()
    {
        var w = new World(o => o.Lockout.MaxFailuresPerFactor = 5);
        var id = await OpenSignedOutAsync(w, SecurityItems.Phone | SecurityItems.Authenticator, Accounts.UnknownEmail);
        var standIn = w.Load(id)!.Account.AccountId;
        Assert.StartsWith(AccountSnapshot.StandInPrefix, standIn, StringComparison.Ordinal);

        // The stand-in's codes go nowhere; the code drawn for it is known here only because the test draws the codes.
        var before = w.Codes.Issued.ToHashSet(StringComparer.Ordinal);
        Assert.True((await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
        var code = Assert.Single(w.Codes.Issued, c => !before.Contains(c));
        Assert.Empty(w.Outbox.Codes);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
        }

        Assert.True((await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct)).Succeeded);
        Assert.Equal(3, w.Failures(standIn, AccountFactor.BoundEmail));
        await w.Service.CancelAsync(id, cancellationToken: Ct);

        var next = await OpenSignedOutAsync(w, SecurityItems.Phone | SecurityItems.Authenticator, Accounts.UnknownEmail);
        Assert.True((await w.Service.RequestCodeAsync(next, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
        Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyCodeAsync(next, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.CodeInvalid, (await w.Service.VerifyCodeAsync(next, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.VerifyCodeAsync(next, VerificationTarget.BoundEmail, w.Codes.Unissued(), cancellationToken: Ct)).ErrorCode);
    }

    /// <summary>Answers nobody could know: the questionnaire's shape only.</summary>
    private static QuestionnaireAnswers JunkAnswers { get; } = new(["DOGE/EUR"], ["XYZ"], ["junk-address"], [], "guess", "nobody");

    /// <summary>The most events that fall within any interval of one window's length.</summary>
    private static int MostWithin(List<DateTimeOffset> times, TimeSpan window)
    {
        var most = 0;
        for (var (first, last) = (0, 0); first < times.Count; first++)
        {
            while (last < times.Count && times[last] < times[first] + window)
            {
                last++;
            }

            most = Math.Max(most, last - first);
        }

        return most;
    }

    /// <summary>A well-formed authenticator code that matches none of the steps the check accepts now.</summary>
    private static string WrongTotp(World w)
    {
        var now = w.Clock.GetUtcNow();
        var window = new[] { -1, 0, 1 }.Select(step => new OtpNet.Totp(Accounts.AliceSecret).ComputeTotp(now.AddSeconds(30 * step).UtcDateTime)).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !window.Contains(c));
    }

    [Fact]
    public async Task Case_fixation_the_owners_signed_in_open_never_hands_over_the_strangers_case_and_ends_it()
    {
        var w = new World();
        var stranger = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;

        var owner = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.App), cancellationToken: Ct)).View!;

        Assert.NotEqual(stranger.CaseId, owner.Id);
        Assert.Equal(owner.Id, owner.Access!.Value.CaseId);
        Assert.Equal(CaseState.Superseded, w.Load(stranger.CaseId)!.State);
        Assert.Contains(w.Events(stranger.CaseId), e => e.Type == "case.superseded");
        Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.SelectItemsAsync(stranger, SecurityItems.Authenticator, cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.GetCaseAsync(stranger, Ct)).ErrorCode);

        // The stranger learns the owner's case id: without the owner's credential it grants nothing.
        var hijack = await w.Service.SetNewContactAsync(stranger with { CaseId = owner.Id }, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CredentialInvalid, hijack.ErrorCode);
        Assert.Equal(ErrorKind.Denied, hijack.Error!.Kind);
        Assert.Null(hijack.View);
        Assert.Equal(owner.Version, w.Load(owner.Id)!.Version);
    }

    [Fact]
    public async Task Case_fixation_the_case_id_alone_grants_nothing_to_read_or_to_change()
    {
        var w = new World();
        var access = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
        var before = w.Load(access.CaseId)!.Version;

        foreach (var credential in new[] { "", "x", access.Credential + "A", access.Credential.ToUpperInvariant(), new string('A', 4000) })
        {
            var forged = access with { Credential = credential };
            Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.GetCaseAsync(forged, Ct)).ErrorCode);
            var select = await w.Service.SelectItemsAsync(forged, SecurityItems.Authenticator, cancellationToken: Ct);
            Assert.Equal(ErrorCodes.CredentialInvalid, select.ErrorCode);
            Assert.Null(select.View);
        }

        Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.CancelAsync(access with { Credential = null! }, cancellationToken: Ct)).ErrorCode);
        Assert.Equal(before, w.Load(access.CaseId)!.Version);
        Assert.DoesNotContain(access.Credential, access.ToString(), StringComparison.Ordinal);
        Assert.True((await w.Service.SelectItemsAsync(access, SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
    }

    [Fact]
    public void Requests_a_host_prints_or_logs_show_no_answer_contact_reason_or_document_number()
    {
        // The same answers type carries the applicant's answers and the account's real ones from the directory.
        var answers = new QuestionnaireAnswers(["BTC/USDT"], ["ETH"], ["bc1qdeposit"], ["bc1qwithdraw"], Accounts.AntiPhishing, "alice-nick");
        var statement = new DeclaredStatement("uid-1", Accounts.AliceEmail, Accounts.AlicePhone, new DateOnly(2026, 11, 28), TimeSpan.Zero, "lost-my-phone-reason");
        var video = new VerificationVideo(new EvidenceReference("video-1", "video/mp4", 10, "c2hh"), statement);
        var document = World.Document(Accounts.CarolDocumentNumber, DocumentType.Passport);
        var printed = string.Join(" | ", answers, statement, video, document);

        foreach (var secret in new[]
        {
            Accounts.AntiPhishing, "alice-nick", "bc1qdeposit", "bc1qwithdraw", "BTC/USDT", "ETH",
            Accounts.AliceEmail, Accounts.AlicePhone, "lost-my-phone-reason", Accounts.CarolDocumentNumber,
        })
        {
            Assert.DoesNotContain(secret, printed, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("2026-11-28", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Case_fixation_a_credential_copied_before_a_verified_factor_stops_working_after_it()
    {
        var w = new World();
        var copied = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
        Expect(await w.Service.SelectItemsAsync(copied, SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(copied, VerificationTarget.BoundEmail, cancellationToken: Ct));

        var verified = Expect(await w.Service.VerifyCodeAsync(copied, VerificationTarget.BoundEmail, w.LastCodeTo(copied.CaseId, Accounts.AliceEmail)!, cancellationToken: Ct));

        var rotated = verified.View!.Access!.Value;
        Assert.Equal(copied.CaseId, rotated.CaseId);
        Assert.NotEqual(copied.Credential, rotated.Credential);
        Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.RequestCodeAsync(copied, VerificationTarget.BoundPhone, cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.GetCaseAsync(copied, Ct)).ErrorCode);
        var next = Expect(await w.Service.RequestCodeAsync(rotated, VerificationTarget.BoundPhone, cancellationToken: Ct));
        Assert.Null(next.View!.Access); // only a verified factor replaces the credential
    }

    [Fact]
    public async Task Squatting_a_signed_out_case_that_proved_nothing_does_not_stop_the_owner_who_hears_of_it()
    {
        var w = new World();
        var squatter = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;

        var owner = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AlicePhone, Channel.App, EntryPoint.LoggedOutAfterPassword), cancellationToken: Ct)).View!;

        Assert.Equal(CaseState.Superseded, w.Load(squatter.CaseId)!.State);
        Assert.Equal(2, w.Outbox.Notifications.Count(n => n.CaseId == squatter.CaseId && n.Subject == NotificationKind.CaseSuperseded));
        Assert.DoesNotContain(w.Outbox.Notifications, n => n.CaseId == owner.Id && n.Subject != NotificationKind.CaseOpened);

        // Once the owner proves a factor bound to the account, a stranger can neither take the case nor see it.
        var access = owner.Access!.Value;
        Expect(await w.Service.SelectItemsAsync(access, SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(access, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Expect(await w.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, w.LastCodeTo(owner.Id, Accounts.AliceEmail)!, cancellationToken: Ct));
        var again = await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct);
        Assert.True(again.Succeeded, again.ErrorCode); // a stand-in's case, as for an unknown identifier
        Assert.NotEqual(owner.Id, again.View!.Id);
        Assert.True(w.Load(again.View.Id)!.Account.IsStandIn);
        Assert.Equal(CaseState.VerifyingItems, w.Load(owner.Id)!.State);
    }

    [Fact]
    public async Task Squatting_the_signed_in_owner_supersedes_even_a_case_that_proved_a_bound_factor()
    {
        var w = new World();

        // A stranger who reads the owner's mailbox proves the email in a signed-out case.
        var stranger = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
        Expect(await w.Service.SelectItemsAsync(stranger, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(stranger, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Expect(await w.Service.VerifyCodeAsync(stranger, VerificationTarget.BoundEmail, w.LastCodeTo(stranger.CaseId, Accounts.AliceEmail)!, cancellationToken: Ct));

        var owner = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!;

        Assert.NotEqual(stranger.CaseId, owner.Id);
        Assert.Equal(CaseState.Superseded, w.Load(stranger.CaseId)!.State);
        Assert.Equal(owner.Id, Sync.Run(w.Store.FindOpenCaseAsync(Accounts.AliceId, Ct))!.Id);
    }

    [Fact]
    public async Task Idempotency_key_replay_the_same_key_from_another_caller_gets_nothing_of_the_first_answer()
    {
        var w = new World();
        var first = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice() with { CallerScope = "device-a" }, "open-1", Ct)).View!;
        var retry = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice() with { CallerScope = "device-a" }, "open-1", Ct)).View!;
        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.Access, retry.Access);

        var other = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice() with { CallerScope = "device-b" }, "open-1", Ct)).View!;

        Assert.NotEqual(first.Id, other.Id);
        Assert.NotEqual(first.Access!.Value.Credential, other.Access!.Value.Credential);
    }

    [Fact]
    public async Task Idempotency_key_replay_a_key_used_in_another_scope_is_no_oracle()
    {
        var w = new World();
        Expect(await w.Service.OpenTrackedAsync(SignedOutAlice() with { CallerScope = "device-a" }, "open-1", Ct));

        var probe = await w.Service.OpenTrackedAsync(
            OpenCaseRequest.SignedOut(Accounts.CarolEmail, Channel.Web, EntryPoint.ForgotPassword) with { CallerScope = "device-b" }, "open-1", Ct);
        Assert.True(probe.Succeeded, probe.ErrorCode); // not request.idempotency_key_reused: nothing says the key was used

        var unscoped = await w.Service.OpenTrackedAsync(SignedOutAlice(), "open-2", Ct);
        Assert.Equal(ErrorCodes.RequestInvalid, unscoped.ErrorCode);
    }

    [Fact]
    public async Task Idempotency_key_replay_a_retry_after_rotation_gets_the_new_credential_and_no_other_holder_does()
    {
        RecordingStore? recording = null;
        var w = new World(wrap: new PortWrappers(Store: inner => recording = new RecordingStore(inner)));
        var access = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
        Expect(await w.Service.SelectItemsAsync(access, SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(access, VerificationTarget.BoundEmail, cancellationToken: Ct));
        var code = w.LastCodeTo(access.CaseId, Accounts.AliceEmail)!;

        var verified = Expect(await w.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, code, "verify-1", Ct));
        var retried = Expect(await w.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, code, "verify-1", Ct));

        Assert.Equal(verified.View!.Access, retried.View!.Access);
        Assert.Equal(verified.View.Version, w.Load(access.CaseId)!.Version);
        var stranger = await w.Service.VerifyCodeAsync(access with { Credential = "someone-else" }, VerificationTarget.BoundEmail, code, "verify-1", Ct);
        Assert.Equal(ErrorCodes.CredentialInvalid, stranger.ErrorCode);
        Assert.Null(stranger.View);

        // The committed answer carries the new credential sealed, never in clear.
        var record = Assert.Single(recording!.Idempotency);
        Assert.DoesNotContain(verified.View.Access!.Value.Credential, record.ResultJson, StringComparison.Ordinal);
        Assert.DoesNotContain("BoundEmail", record.ResultJson, StringComparison.Ordinal);
    }

    private sealed class RecordingStore(IResetCaseStore inner) : DelegatingStore(inner)
    {
        public List<IdempotencyRecord> Idempotency { get; } = [];

        public override Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
        {
            if (commit.Idempotency is { } record)
            {
                lock (Idempotency)
                {
                    Idempotency.Add(record);
                }
            }

            return base.CommitAsync(commit, cancellationToken);
        }
    }

    [Fact]
    public async Task Owner_dispute_in_the_window_holds_the_reset_and_sends_the_case_back_to_review()
    {
        var w = new World(o => o.Lifetimes.DisputeWindow = TimeSpan.FromHours(24));
        var id = await ApprovedAsync(w);
        var token = TokenTo(w, id, NotificationKind.CaseApproved, ContactKind.Phone);
        var at = w.Clock.GetUtcNow();

        var receipt = Expect(await w.Service.DisputeAsync(token, "I never asked for a reset", cancellationToken: Ct)).View!;

        Assert.True(receipt.ResetHeld);
        Assert.Equal(CaseState.Disputed, w.Load(id)!.State);
        var review = Expect(await w.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!;
        var flag = Assert.Single(review.Disputes);
        Assert.Equal((ContactKind.Phone, CaseState.Approved, at), (flag.Channel, flag.StateAtDispute, at)); // when it came in
        Assert.Equal(at, flag.At);
        Assert.DoesNotContain(Accounts.AlicePhone, flag.MaskedAddress, StringComparison.Ordinal);
        Assert.Contains(review.AuditTrail, e => e.Type == "case.disputed");
        Assert.Contains(Expect(await w.Service.ListReviewQueueAsync(cancellationToken: Ct)).View!.Cases, i => i.Id == id);

        w.Clock.Advance(TimeSpan.FromHours(25));
        await w.Service.DispatchAsync(cancellationToken: Ct);
        Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
        Assert.Equal(CaseState.Disputed, w.Load(id)!.State);
        Assert.Empty(w.Directory.AppliedResets);

        // A dispute alone cancels nothing: a reviewer decides again.
        Assert.Equal(CaseState.UnderReview, Expect(await w.Service.ClaimAsync(id, "reviewer-b", cancellationToken: Ct)).View!.State);
    }

    [Fact]
    public async Task Owner_dispute_racing_the_reset_is_refused_once_the_reset_started_never_held_while_it_applies()
    {
        // The owner's dispute lands at the very moment the directory changes the account. Before the reset's start was
        // a commit of its own, the dispute answered "reset held" and sent the case back to review while the account
        // was reset all the same.
        DisputingDirectory? directory = null;
        var w = new World(o => o.Lifetimes.DisputeWindow = TimeSpan.FromHours(24), wrap: new PortWrappers(Directory: inner => directory = new DisputingDirectory(inner)));
        var id = await ApprovedAsync(w);
        var token = TokenTo(w, id, NotificationKind.CaseApproved, ContactKind.Phone);
        directory!.BeforeApply = () => w.Service.DisputeAsync(token, "not me", cancellationToken: Ct);
        w.Clock.Advance(TimeSpan.FromHours(25));

        await w.Service.DispatchAsync(cancellationToken: Ct);

        var answer = Assert.Single(directory.Answers);
        Assert.Equal(ErrorCodes.DisputeTokenInvalid, answer.ErrorCode);
        Assert.Single(w.Directory.AppliedResets);
        Assert.Equal(CaseState.Completed, w.Load(id)!.State);
        var events = (await w.Store.ReadEventsAsync(id, Ct)).Select(e => e.Type).ToList();
        Assert.True(events.IndexOf(CaseEventTypes.ResetStarted) < events.IndexOf(CaseEventTypes.Completed));
        Assert.DoesNotContain(CaseEventTypes.Disputed, events);
    }

    [Fact]
    public async Task Owner_dispute_just_before_the_reset_starts_holds_it_and_the_dispatcher_applies_nothing()
    {
        var w = new World(o => o.Lifetimes.DisputeWindow = TimeSpan.FromHours(24));
        var id = await ApprovedAsync(w);
        var token = TokenTo(w, id, NotificationKind.CaseApproved, ContactKind.Email);
        w.Clock.Advance(TimeSpan.FromHours(25)); // the window passed, the dispatcher has not run yet

        Assert.True(Expect(await w.Service.DisputeAsync(token, "not me", cancellationToken: Ct)).View!.ResetHeld);
        await w.Service.DispatchAsync(cancellationToken: Ct);
        Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));

        Assert.Empty(w.Directory.AppliedResets);
        Assert.Equal(CaseState.Disputed, w.Load(id)!.State);
        Assert.DoesNotContain(await w.Store.ReadEventsAsync(id, Ct), e => e.Type == CaseEventTypes.ResetStarted);
    }

    private sealed class DisputingDirectory(IAccountDirectory inner) : IAccountDirectory
    {
        public Func<Task<ResetResult<DisputeReceipt>>>? BeforeApply { get; set; }

        public List<ResetResult<DisputeReceipt>> Answers { get; } = [];

        public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken) => inner.ResolveAccountIdAsync(identifier, cancellationToken);

        public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken) => inner.GetAccountAsync(accountId, cancellationToken);

        public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken) => inner.GetAuthenticatorSecretAsync(accountId, cancellationToken);

        public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken) => inner.GetQuestionnaireFactsAsync(accountId, cancellationToken);

        public async Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken)
        {
            if (BeforeApply is { } dispute)
            {
                Answers.Add(await dispute());
            }

            await inner.ApplyResetAsync(instruction, cancellationToken);
        }
    }

    [Fact]
    public async Task Owner_dispute_token_is_single_use()
    {
        var w = new World(o => o.Lifetimes.DisputeWindow = TimeSpan.FromHours(24));
        var id = await ApprovedAsync(w);
        var token = TokenTo(w, id, NotificationKind.CaseApproved, ContactKind.Email);
        Expect(await w.Service.DisputeAsync(token, "not me", cancellationToken: Ct));
        var version = w.Load(id)!.Version;

        var again = await w.Service.DisputeAsync(token, "not me", cancellationToken: Ct);

        Assert.Equal(ErrorCodes.DisputeTokenInvalid, again.ErrorCode);
        Assert.Equal(version, w.Load(id)!.Version);
    }

    [Fact]
    public async Task Owner_dispute_token_of_another_case_or_forged_is_refused_with_the_one_code()
    {
        var w = new World();
        var alice = Expect(await w.Service.OpenTrackedAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Id;
        var bob = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.BobId, Channel.Web), cancellationToken: Ct)).View!.Id;
        var bobToken = w.Outbox.Notifications.First(n => n.CaseId == bob && n.DisputeToken is not null).DisputeToken!;
        var secret = bobToken[(bobToken.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var before = w.Stored(alice);

        string[] tokens =
        [
            $"{alice}.{secret}",                                              // another case's secret under this case's id
            $"{alice}.{Base64Url(RandomNumberGenerator.GetBytes(32))}",       // forged
            $"{CaseId.New()}.{secret}",                                       // no such case
            bobToken + "A", "not-a-token", string.Empty,
        ];
        foreach (var token in tokens)
        {
            var refused = await w.Service.DisputeAsync(token, "not me", cancellationToken: Ct);
            Assert.Equal(ErrorCodes.DisputeTokenInvalid, refused.ErrorCode);
            Assert.Null(refused.View);
        }

        Assert.Equal(before, w.Stored(alice));
    }

    [Fact]
    public async Task Owner_dispute_notice_on_opening_reaches_every_bound_channel_once_per_case()
    {
        var w = new World();
        var id = await OpenSignedOutAsync(w, SecurityItems.Authenticator);
        Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Expect(await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, w.LastCodeTo(id, Accounts.AliceEmail)!, cancellationToken: Ct));

        var opened = w.Outbox.Notifications.Where(n => n.CaseId == id && n.Subject == NotificationKind.CaseOpened).ToList();

        Assert.Equal(new[] { Accounts.AliceEmail, Accounts.AlicePhone }.Order(StringComparer.Ordinal), opened.Select(n => n.Address).Order(StringComparer.Ordinal));
        Assert.Equal(2, opened.Select(n => n.DisputeToken).Distinct().Count());
        Assert.All(opened, n => Assert.DoesNotContain(n.DisputeToken!, n.ToString(), StringComparison.Ordinal));
        Assert.Equal(2, w.Load(id)!.DisputeTokens.Length);
        Assert.All(w.Load(id)!.DisputeTokens, t => Assert.DoesNotContain(t.Hash, opened.Select(n => n.DisputeToken)));
    }

    [Fact]
    public async Task Owner_dispute_before_submission_flags_the_case_for_the_reviewer_and_cancels_nothing()
    {
        var w = new World();
        var id = await OpenSignedOutAsync(w, SecurityItems.Authenticator);
        var token = TokenTo(w, id, NotificationKind.CaseOpened, ContactKind.Email);

        var receipt = Expect(await w.Service.DisputeAsync(token, "someone is trying my account", cancellationToken: Ct)).View!;

        Assert.False(receipt.ResetHeld);
        Assert.Equal(CaseState.VerifyingItems, w.Load(id)!.State);
        var review = Expect(await w.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!;
        Assert.Equal(CaseState.VerifyingItems, Assert.Single(review.Disputes).StateAtDispute);
        Assert.Contains(review.AuditTrail, e => e.Type == "case.disputed");
    }

    [Fact]
    public async Task Owner_dispute_decisions_reach_the_verified_new_contact()
    {
        var w = new World();
        var id = await SubmitSignedOutAsync(w);
        Expect(await w.Service.ClaimAsync(id, "reviewer-a", cancellationToken: Ct));
        Expect(await w.Service.RejectAsync(id, "reviewer-a", "identity.not_proven", cancellationToken: Ct));

        var toNewContact = Assert.Single(w.Outbox.Notifications, n => n.CaseId == id && n.Address == Accounts.NewEmailA);

        Assert.Equal(NotificationKind.CaseRejected, toNewContact.Subject);
        Assert.Null(toNewContact.DisputeToken); // the token is for the channels bound before the case
        Assert.Contains(w.Outbox.Notifications, n => n.CaseId == id && n.Subject == NotificationKind.CaseRejected && n.Address == Accounts.AliceEmail);
    }

    [Fact]
    public async Task Owner_dispute_the_reset_is_not_applied_before_the_window_passes_even_if_the_dispatcher_runs()
    {
        var w = new World(o => o.Lifetimes.DisputeWindow = TimeSpan.FromHours(24));
        var id = await ApprovedAsync(w);

        for (var i = 0; i < 3; i++)
        {
            await w.Service.DispatchAsync(cancellationToken: Ct);
            Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
            w.Clock.Advance(TimeSpan.FromHours(7));
        }

        Assert.Equal(CaseState.Approved, w.Load(id)!.State);
        Assert.Empty(w.Directory.AppliedResets);

        w.Clock.Advance(TimeSpan.FromHours(4));
        await w.Service.DispatchAsync(cancellationToken: Ct);
        Assert.Equal(CaseState.Completed, w.Load(id)!.State);
    }

    [Fact]
    public async Task Owner_dispute_after_the_reset_applied_is_refused()
    {
        var w = new World();
        var id = await ApprovedAsync(w);
        var token = TokenTo(w, id, NotificationKind.CaseApproved, ContactKind.Phone); // the outbox delivered everything: applied
        Assert.Equal(CaseState.Completed, w.Load(id)!.State);

        var late = await w.Service.DisputeAsync(token, "not me", cancellationToken: Ct);

        Assert.Equal(ErrorCodes.DisputeTokenInvalid, late.ErrorCode);
        Assert.Equal(CaseState.Completed, w.Load(id)!.State);
    }

    /// <summary>The "this wasn't me" token a notice of the case carried to a bound channel of this kind.</summary>
    private static string TokenTo(World w, CaseId id, NotificationKind subject, ContactKind kind) =>
        w.Outbox.Notifications.Last(n => n.CaseId == id && n.Subject == subject && n.Kind == kind && n.DisputeToken is not null).DisputeToken!;

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>Alice's signed-out case, submitted, claimed and approved: its reset waits in the outbox.</summary>
    private static async Task<CaseId> ApprovedAsync(World w)
    {
        var id = await SubmitSignedOutAsync(w);
        Expect(await w.Service.ClaimAsync(id, "reviewer-a", cancellationToken: Ct));
        Assert.Equal(CaseState.Approved, Expect(await w.Service.ApproveAsync(id, "reviewer-a", cancellationToken: Ct)).View!.State);
        return id;
    }

    private static OpenCaseRequest SignedOutAlice() => OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword);

    private static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }

    private static async Task<CaseId> OpenSignedOutAsync(World w, SecurityItems lost, string identifier = Accounts.AliceEmail)
    {
        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(identifier, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.True((await w.Service.SelectItemsAsync(opened.View!.Id, lost, cancellationToken: Ct)).Succeeded);
        return opened.View.Id;
    }

    /// <summary>Carol (Advanced KYC), signed in, who lost her phone: the face scan is offered.</summary>
    private static async Task<CaseId> OpenCarolAsync(World w)
    {
        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct);
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
    /// <summary>A signed-out case that proved the bound email (so no signed-out open supersedes it) and was submitted.</summary>
    private static Task<CaseId> SubmitSignedOutAsync(World w) => w.SubmittedAliceCaseAsync(SignedOutAlice(), Ct);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Counts the face-scan questions the service asks the vendor.</summary>
    private sealed class CountingIdentity(IIdentityChecks inner, Action asked) : IIdentityChecks
    {
        public Task<IdentityCheckResult> GetFaceScanResultAsync(string accountId, CaseId caseId, string sessionId, CancellationToken cancellationToken)
        {
            asked();
            return inner.GetFaceScanResultAsync(accountId, caseId, sessionId, cancellationToken);
        }

        public Task<bool> IsKycDocumentAsync(string accountId, DocumentSubmission document, CancellationToken cancellationToken) =>
            inner.IsKycDocumentAsync(accountId, document, cancellationToken);

        public Task<IdentityCheckResult?> CheckVideoAsync(string accountId, EvidenceReference video, CancellationToken cancellationToken) =>
            inner.CheckVideoAsync(accountId, video, cancellationToken);
    }

    private static SecurityResetService Construct(string key) => Construct(new SecurityResetOptions { SecretKey = key });

    private static SecurityResetService Construct(SecurityResetOptions options) => new(
        Options.Create(options),
        new InMemoryResetCaseStore(),
        new RecordingMessenger(),
        new InMemoryIdentityChecks(),
        new InMemoryAccountDirectory(),
        new FakeTimeProvider());
}
