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
        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseForReviewAsync(squatted.View.Id, Ct)).View!.State);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
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

    [Fact]
    public async Task Case_fixation_the_owners_signed_in_open_never_hands_over_the_strangers_case_and_ends_it()
    {
        var w = new World();
        var stranger = Expect(await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;

        var owner = Expect(await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.App), cancellationToken: Ct)).View!;

        Assert.NotEqual(stranger.CaseId, owner.Id);
        Assert.Equal(owner.Id, owner.Access!.Value.CaseId);
        Assert.Equal(CaseState.Superseded, w.Load(stranger.CaseId)!.State);
        Assert.Contains(w.Events(stranger.CaseId), e => e.Type == "case.superseded");
        Assert.Equal(ErrorCodes.TransitionNotAllowed, (await w.Service.SelectItemsAsync(stranger, SecurityItems.Authenticator, cancellationToken: Ct)).ErrorCode);

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
        var access = Expect(await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
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
    public async Task Case_fixation_a_credential_copied_before_a_verified_factor_stops_working_after_it()
    {
        var w = new World();
        var copied = Expect(await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
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
        var squatter = Expect(await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;

        var owner = Expect(await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(Accounts.AlicePhone, Channel.App, EntryPoint.LoggedOutAfterPassword), cancellationToken: Ct)).View!;

        Assert.Equal(CaseState.Superseded, w.Load(squatter.CaseId)!.State);
        Assert.Equal(2, w.Outbox.Notifications.Count(n => n.CaseId == squatter.CaseId && n.Subject == NotificationKind.CaseSuperseded));
        Assert.DoesNotContain(w.Outbox.Notifications, n => n.CaseId == owner.Id);

        // Once the owner proves a factor bound to the account, a stranger can neither take the case nor see it.
        var access = owner.Access!.Value;
        Expect(await w.Service.SelectItemsAsync(access, SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(access, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Expect(await w.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, w.LastCodeTo(owner.Id, Accounts.AliceEmail)!, cancellationToken: Ct));
        var again = await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CaseAlreadyOpen, again.ErrorCode);
        Assert.Null(again.View);
        Assert.Equal(CaseState.VerifyingItems, w.Load(owner.Id)!.State);
    }

    [Fact]
    public async Task Squatting_the_signed_in_owner_supersedes_even_a_case_that_proved_a_bound_factor()
    {
        var w = new World();

        // A stranger who reads the owner's mailbox proves the email in a signed-out case.
        var stranger = Expect(await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
        Expect(await w.Service.SelectItemsAsync(stranger, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(stranger, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Expect(await w.Service.VerifyCodeAsync(stranger, VerificationTarget.BoundEmail, w.LastCodeTo(stranger.CaseId, Accounts.AliceEmail)!, cancellationToken: Ct));

        var owner = Expect(await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!;

        Assert.NotEqual(stranger.CaseId, owner.Id);
        Assert.Equal(CaseState.Superseded, w.Load(stranger.CaseId)!.State);
        Assert.Equal(owner.Id, Sync.Run(w.Store.FindOpenCaseAsync(Accounts.AliceId, Ct))!.Id);
    }

    [Fact]
    public async Task Idempotency_key_replay_the_same_key_from_another_caller_gets_nothing_of_the_first_answer()
    {
        var w = new World();
        var first = Expect(await w.Service.OpenCaseAsync(SignedOutAlice() with { CallerScope = "device-a" }, "open-1", Ct)).View!;
        var retry = Expect(await w.Service.OpenCaseAsync(SignedOutAlice() with { CallerScope = "device-a" }, "open-1", Ct)).View!;
        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.Access, retry.Access);

        var other = Expect(await w.Service.OpenCaseAsync(SignedOutAlice() with { CallerScope = "device-b" }, "open-1", Ct)).View!;

        Assert.NotEqual(first.Id, other.Id);
        Assert.NotEqual(first.Access!.Value.Credential, other.Access!.Value.Credential);
    }

    [Fact]
    public async Task Idempotency_key_replay_a_key_used_in_another_scope_is_no_oracle()
    {
        var w = new World();
        Expect(await w.Service.OpenCaseAsync(SignedOutAlice() with { CallerScope = "device-a" }, "open-1", Ct));

        var probe = await w.Service.OpenCaseAsync(
            OpenCaseRequest.SignedOut(Accounts.CarolEmail, Channel.Web, EntryPoint.ForgotPassword) with { CallerScope = "device-b" }, "open-1", Ct);
        Assert.True(probe.Succeeded, probe.ErrorCode); // not request.idempotency_key_reused: nothing says the key was used

        var unscoped = await w.Service.OpenCaseAsync(SignedOutAlice(), "open-2", Ct);
        Assert.Equal(ErrorCodes.RequestInvalid, unscoped.ErrorCode);
    }

    [Fact]
    public async Task Idempotency_key_replay_a_retry_after_rotation_gets_the_new_credential_and_no_other_holder_does()
    {
        RecordingStore? recording = null;
        var w = new World(wrap: new PortWrappers(Store: inner => recording = new RecordingStore(inner)));
        var access = Expect(await w.Service.OpenCaseAsync(SignedOutAlice(), cancellationToken: Ct)).View!.Access!.Value;
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

    private static OpenCaseRequest SignedOutAlice() => OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword);

    private static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }

    private static async Task<CaseId> OpenSignedOutAsync(World w, SecurityItems lost)
    {
        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.True((await w.Service.SelectItemsAsync(opened.View!.Id, lost, cancellationToken: Ct)).Succeeded);
        return opened.View.Id;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SecurityResetService Construct(string key) => new(
        Options.Create(new SecurityResetOptions { SecretKey = key }),
        new InMemoryResetCaseStore(),
        new RecordingMessenger(),
        new InMemoryIdentityChecks(),
        new InMemoryAccountDirectory(),
        new FakeTimeProvider());
}
