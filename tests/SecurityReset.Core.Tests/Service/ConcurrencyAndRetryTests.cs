using SecurityReset.Ports;
using SecurityReset.Tests.Reliability;
using SecurityReset.Workflow;
using static SecurityReset.Tests.Service.ServiceFixture;

namespace SecurityReset.Tests.Service;

public sealed class ConcurrencyAndRetryTests
{
    private static async Task<(ServiceFixture F, CaseId Id, string Code)> WithEmailCodeAsync(Action<SecurityResetOptions>? configure = null)
    {
        var f = new ServiceFixture(configure: o =>
        {
            o.MaxConcurrencyRetries = 50;
            configure?.Invoke(o);
        });
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Phone | SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        return (f, id, f.Outbox.LastCode(id, ContactKind.Email)!);
    }

    [Fact]
    public async Task Sixty_four_parallel_verifications_of_one_code_give_exactly_one_success()
    {
        var (f, id, code) = await WithEmailCodeAsync();
        using var _ = f;
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct))));
        Assert.Single(results, r => r.Succeeded);
        // The success replaces the credential: a call that still held the old one is refused before its code is looked at.
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.VerificationAlreadyDone, ErrorCodes.TransitionNotAllowed, ErrorCodes.CaseBusy, ErrorCodes.CredentialInvalid }));
        Assert.Single(await f.Store.ReadEventsAsync(id, Ct), e => e.Type == CaseEventTypes.CodeVerified);
    }

    [Fact]
    public async Task Sixty_four_parallel_wrong_codes_evaluate_exactly_the_attempt_limit()
    {
        var (f, id, code) = await WithEmailCodeAsync();
        using var _ = f;
        var wrong = code == "000000" ? "111111" : "000000";
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, wrong, cancellationToken: Ct))));
        Assert.Equal(5, results.Count(r => r.ErrorCode == ErrorCodes.CodeInvalid));
        Assert.All(results.Where(r => r.ErrorCode != ErrorCodes.CodeInvalid), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.CodeAttemptsExhausted, ErrorCodes.CaseBusy }));
        var stored = (await f.Store.LoadCaseAsync(id, Ct))!;
        Assert.Equal(5, stored.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
        var right = await f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CodeAttemptsExhausted, right.ErrorCode);
    }

    [Fact]
    public async Task Two_parallel_openings_for_one_account_leave_exactly_one_open_case()
    {
        using var f = new ServiceFixture();
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => f.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web), cancellationToken: Ct))));
        Assert.All(results, r => Assert.True(r.Succeeded, r.ErrorCode));
        var open = (await f.Store.FindOpenCaseAsync(AliceId, Ct))!.Id;
        var other = Assert.Single(results, r => r.View!.Id != open).View!.Id;
        Assert.Equal(ErrorCodes.CredentialInvalid, (await f.Service.GetCaseAsync(new ApplicantAccess(other, "guess"), Ct)).ErrorCode);
        Assert.Equal(CaseState.Superseded, (await f.Service.GetCaseForReviewAsync(other, "reviewer-a", Ct)).View!.Case.State);
        Assert.Equal(ErrorCodes.CredentialInvalid, (await f.Service.GetCaseAsync(other, Ct)).ErrorCode); // its holder holds nothing now
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_result_without_a_second_effect()
    {
        using var f = new ServiceFixture();
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, "k-select", Ct));
        var first = Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, "k-1", Ct));
        var retry = await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, "k-1", Ct);
        Assert.True(retry.Succeeded);
        Assert.Equal(first.View!.State, retry.View!.State);
        Assert.Single(f.Outbox.Codes);

        var misuse = await f.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, "k-1", Ct);
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, misuse.ErrorCode);
        Assert.Single(f.Outbox.Codes);

        var replayedSelect = await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, "k-select", Ct);
        Assert.True(replayedSelect.Succeeded);
        Assert.Equal(CaseState.VerifyingItems, replayedSelect.View!.State); // the first answer, not transition.not_allowed
    }

    [Fact]
    public async Task A_code_whose_delivery_is_given_up_is_void_and_can_be_asked_again_at_once()
    {
        var messenger = new FlakyMessenger { Failures = 2 };
        using var f = new ServiceFixture(messenger, o => o.Delivery.MaxAttempts = 2);
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        await f.Service.DispatchAsync(cancellationToken: Ct); // the opening notices
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: Ct));

        var requested = Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Assert.Equal([VerificationTarget.BoundEmail], requested.View!.CodesOnTheirWay);
        Assert.Equal(0, await f.Service.DispatchAsync(cancellationToken: Ct)); // first try fails: retried later
        Assert.Equal(0, await f.Service.DispatchAsync(cancellationToken: Ct)); // not due yet
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await f.Service.DispatchAsync(cancellationToken: Ct)); // second and last try fails: given up

        Assert.Empty(messenger.Sent);
        var stored = (await f.Store.LoadCaseAsync(id, Ct))!;
        Assert.Equal(CaseState.VerifyingItems, stored.State);
        Assert.Null(stored.Challenge(VerificationTarget.BoundEmail)!.CodeHash);
        Assert.Equal(0, stored.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
        var trail = (await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!.AuditTrail;
        Assert.Contains(trail, e => e.Type == "code.released");
        Assert.Contains(trail, e => e.Type == "delivery.given_up" && e.Detail == "code/BoundEmail");
        Assert.Empty(Expect(await f.Service.GetCaseAsync(id, Ct)).View!.CodesOnTheirWay);

        Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Assert.Equal(1, await f.Service.DispatchAsync(cancellationToken: Ct));
        var delivered = Assert.Single(messenger.Sent);
        var verified = Expect(await f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, delivered.Code, cancellationToken: Ct));
        Assert.Equal(CaseState.Questionnaire, verified.View!.State);
    }

    [Fact]
    public async Task A_code_still_undelivered_when_it_expires_is_given_up_instead_of_sent_late()
    {
        var messenger = new FlakyMessenger();
        using var f = new ServiceFixture(messenger);
        var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
        await f.Service.DispatchAsync(cancellationToken: Ct); // the opening notices
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: Ct));
        Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));

        f.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await f.Service.DispatchAsync(cancellationToken: Ct));

        Assert.Empty(messenger.Sent);
        Assert.Contains((await f.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!.AuditTrail, e => e.Type == "delivery.given_up");
    }

    [Fact]
    public async Task The_authenticators_failure_budget_spans_cases_and_locks_its_checks_for_the_window()
    {
        using var f = new ServiceFixture(configure: o => o.Lockout.MaxFailuresPerFactor = 7);
        var wrongTotp = "000000";
        var failures = 0;
        for (var round = 0; round < 2; round++)
        {
            var id = await f.OpenAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web));
            Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
            for (var i = 0; i < 5 && failures < 7; i++, failures++)
            {
                f.Clock.Advance(TimeSpan.FromSeconds(90)); // a fresh time step, so 000000 is almost surely wrong
                var result = await f.Service.VerifyAuthenticatorAsync(id, wrongTotp == f.Totp(AliceSecret) ? "111111" : wrongTotp, cancellationToken: Ct);
                Assert.Equal(ErrorCodes.CodeInvalid, result.ErrorCode);
            }

            if (failures < 7)
            {
                Expect(await f.Service.CancelAsync(id, cancellationToken: Ct));
                continue;
            }

            var locked = await f.Service.VerifyAuthenticatorAsync(id, f.Totp(AliceSecret), cancellationToken: Ct);
            Assert.Equal(ErrorCodes.AccountLocked, locked.ErrorCode);
            f.Clock.Advance(TimeSpan.FromHours(24));
            Expect(await f.Service.VerifyAuthenticatorAsync(id, f.Totp(AliceSecret), cancellationToken: Ct));
        }
    }

    private sealed class FlakyMessenger : IVerificationMessenger
    {
        /// <summary>How many sends fail before the gateway works again.</summary>
        public int Failures { get; set; }

        public List<CodeMessage> Sent { get; } = [];

        public Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken)
        {
            if (Failures > 0)
            {
                Failures--;
                throw new TimeoutException("gateway timed out");
            }

            Sent.Add(message);
            return Task.CompletedTask;
        }

        public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
