using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability;

/// <summary>One named regression test per publicly known incident of this kind of flow.</summary>
public sealed partial class IncidentRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Smuggled =
    [
        "alice.liddell@example.com,attacker@evil.test",
        "alice.liddell@example.com, attacker@evil.test",
        "alice.liddell@example.com;attacker@evil.test",
        "alice.liddell@example.com attacker@evil.test",
        "alice.liddell@example.com\nattacker@evil.test",
        "alice.liddell@example.com\r\nattacker@evil.test",
        "alice.liddell@example.com\0attacker@evil.test",
        "[\"alice.liddell@example.com\",\"attacker@evil.test\"]",
        "{\"email\":[\"alice.liddell@example.com\",\"attacker@evil.test\"]}",
        "alice.liddell@example.com%0Aattacker@evil.test",
        "alice.liddell@example.com&email=attacker@evil.test",
        "<alice.liddell@example.com>,<attacker@evil.test>",
        "\"alice.liddell@example.com\" attacker@evil.test",
        "attacker@evil.test,alice.liddell@example.com",
        "+4915112345678,+33612345678",
        "+4915112345678;+33612345678",
        "+4915112345678 / +33612345678",
    ];

    private static async Task<(World W, CaseId Id)> InIdentityStepAsync()
    {
        var w = new World();
        var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.All, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct)).Succeeded);
        return (w, id);
    }

    /// <summary>GitLab CVE-2023-7028: a second address smuggled into a single-value field received the reset code.</summary>
    [Fact]
    public async Task GitLab_CVE_2023_7028_a_second_address_in_a_single_value_field_is_refused_and_nothing_is_sent()
    {
        var (w, id) = await InIdentityStepAsync();
        var before = w.Stored(id);
        foreach (var typed in Smuggled)
        {
            foreach (var kind in new[] { ContactKind.Email, ContactKind.Phone })
            {
                var contact = await w.Service.SetNewContactAsync(id, kind, typed, cancellationToken: Ct);
                Assert.Equal(ErrorCodes.ContactInvalid, contact.ErrorCode);
            }

            var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(typed, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
            Assert.Equal(ErrorCodes.ContactInvalid, opened.ErrorCode);
            Assert.Null(opened.View);
        }

        Assert.Equal(before, w.Stored(id));
        Assert.Null(await w.Store.FindOpenCaseAsync(Accounts.CarolId, Ct));
        Assert.Empty(w.Outbox.Codes);
        Assert.DoesNotContain(w.Outbox.Notifications, n => n.Subject != SecurityReset.Ports.NotificationKind.CaseOpened); // only the opening notices of the case
    }

    /// <summary>Keycloak CVE-2026-18963: a later step called directly skipped the verification before it.</summary>
    [Fact]
    public async Task Keycloak_CVE_2026_18963_a_later_step_called_directly_is_not_allowed_and_changes_nothing()
    {
        var w = new World();
        var alice = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
        var carol = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct)).View!.Id;
        await EveryLaterStepIsRefusedAsync(w, alice, carol, "just opened");

        Assert.True((await w.Service.SelectItemsAsync(alice, SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.SelectItemsAsync(carol, SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
        await EveryLaterStepIsRefusedAsync(w, alice, carol, "items selected, nothing verified");
        Assert.Empty(w.Directory.AppliedResets);
    }

    private static async Task EveryLaterStepIsRefusedAsync(World w, CaseId alice, CaseId carol, string when)
    {
        var s = w.Service;
        var (a, c) = (w.Stored(alice), w.Stored(carol));
        var steps = new (string Name, Func<Task<string?>> Call)[]
        {
            ("AnswerQuestionnaire", async () => (await s.AnswerQuestionnaireAsync(alice, World.Answers(), cancellationToken: Ct)).ErrorCode),
            ("ProvideProofs", async () => (await s.ProvideProofsAsync(alice, World.Proofs(), cancellationToken: Ct)).ErrorCode),
            ("SetNewContact", async () => (await s.SetNewContactAsync(alice, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct)).ErrorCode),
            // While bound items are being verified, the code triggers are listed, so these are refused one level down.
            ("RequestCode(NewContact)", async () => NotAllowed(await s.RequestCodeAsync(alice, VerificationTarget.NewContact, cancellationToken: Ct))),
            ("VerifyCode(NewContact)", async () => NotAllowed(await s.VerifyCodeAsync(alice, VerificationTarget.NewContact, "123456", cancellationToken: Ct))),
            ("SubmitDocument", async () => (await s.SubmitDocumentAsync(alice, World.Document(), cancellationToken: Ct)).ErrorCode),
            ("SubmitVideo", async () => (await s.SubmitVideoAsync(alice, w.Video(Accounts.AliceId), cancellationToken: Ct)).ErrorCode),
            ("AcceptTerms", async () => (await s.AcceptTermsAsync(alice, "2026-11", cancellationToken: Ct)).ErrorCode),
            ("Submit", async () => (await s.SubmitAsync(alice, cancellationToken: Ct)).ErrorCode),
            ("Submit (face-scan account)", async () => (await s.SubmitAsync(carol, cancellationToken: Ct)).ErrorCode),
            ("Claim", async () => (await s.ClaimAsync(alice, "reviewer-1", cancellationToken: Ct)).ErrorCode),
            ("Approve", async () => (await s.ApproveAsync(alice, "reviewer-1", cancellationToken: Ct)).ErrorCode),
            ("Reject", async () => (await s.RejectAsync(alice, "reviewer-1", "fraud.suspected", cancellationToken: Ct)).ErrorCode),
            ("RequestInformation", async () => (await s.RequestInformationAsync(alice, "reviewer-1", AmendableItems.Questionnaire, "more.needed", cancellationToken: Ct)).ErrorCode),
        };
        foreach (var (name, call) in steps)
        {
            Assert.True(await call() == ErrorCodes.TransitionNotAllowed, $"{name} when {when}");
        }

        Assert.Equal(a, w.Stored(alice));
        Assert.Equal(c, w.Stored(carol));
    }

    private static string? NotAllowed(ResetResult<ApplicantCaseView> result) =>
        result.ErrorCode == ErrorCodes.VerificationNotRequired ? ErrorCodes.TransitionNotAllowed : result.ErrorCode;

    /// <summary>better-auth #8067: one code verified twice in parallel signed the attacker in twice.</summary>
    [Fact]
    public async Task Better_auth_8067_one_code_verified_twice_in_parallel_is_accepted_once()
    {
        for (var round = 0; round < 50; round++)
        {
            var w = new World(o => o.MaxConcurrencyRetries = 50);
            var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
            Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
            Assert.True((await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
            var code = w.LastCodeTo(id, Accounts.AliceEmail)!;

            var twice = await StoreRaceTests.Race(2, _ => w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct));

            Assert.Single(twice, r => r.Succeeded);
            Assert.Single(await w.Store.ReadEventsAsync(id, Ct), e => e.Type == CaseEventTypes.CodeVerified);
            Assert.Equal(ErrorCodes.VerificationAlreadyDone, (await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct)).ErrorCode);
        }
    }

    /// <summary>
    /// Ory Kratos #4487: the attempt limit was per flow, so starting new flows multiplied it. Here every limit spans
    /// cases and resends: the authenticator's failure budget (Lockout.MaxFailuresPerFactor, 100 by default) is spent
    /// after exactly 100 wrong codes however many cases are opened, and then the authenticator is locked, the right
    /// code included; the bound phone gets only its codes per account (Codes.MaxPerDestinationPerAccount), so it is
    /// guessed at far less. The other factors keep their own budgets.
    /// </summary>
    [Fact]
    public async Task Ory_Kratos_4487_new_cases_and_resends_do_not_multiply_the_account_limits()
    {
        var w = new World();
        Assert.Equal(100, w.Options.Lockout.MaxFailuresPerFactor);
        Assert.Equal(10, w.Options.Codes.MaxPerDestinationPerAccount);
        var (sms, totp) = (0, 0);
        var cases = 0;
        CaseId id = default;
        var locked = false;
        while (cases < 40 && !locked)
        {
            cases++;
            var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
            id = opened.View!.Id;
            Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.Email, cancellationToken: Ct)).Succeeded);
            for (var attempt = 0; attempt < 12 && !locked; attempt++)
            {
                w.Clock.Advance(TimeSpan.FromSeconds(61)); // past the cooldown, and a fresh authenticator step
                await w.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, cancellationToken: Ct);
                var wrong = w.Codes.Unissued();
                var byPhone = await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundPhone, wrong, cancellationToken: Ct);
                var byAuthenticator = await w.Service.VerifyAuthenticatorAsync(id, wrong == w.Totp(Accounts.AliceSecret) ? "999999" : wrong, cancellationToken: Ct);
                sms += byPhone.ErrorCode == ErrorCodes.CodeInvalid ? 1 : 0;
                totp += byAuthenticator.ErrorCode == ErrorCodes.CodeInvalid ? 1 : 0;
                Assert.NotEqual(ErrorCodes.AccountLocked, byPhone.ErrorCode);
                locked = byAuthenticator.ErrorCode == ErrorCodes.AccountLocked;
            }

            if (!locked)
            {
                Assert.True((await w.Service.CancelAsync(id, cancellationToken: Ct)).Succeeded);
            }
        }

        Report.Line($"Kratos #4487: {totp} wrong authenticator codes and {sms} wrong SMS codes evaluated across {cases} cases before the authenticator locked");
        Assert.True(locked, "the authenticator never locked");
        Assert.Equal(100, totp);
        Assert.Equal(20, cases); // 5 authenticator attempts per case
        Assert.Equal(10, sms); // one wrong guess per code, and the phone received its 10 codes of the day in the first two cases
        Assert.Equal(10, w.Sends(Accounts.AliceId, VerificationTarget.BoundPhone));
        Assert.Equal(100, w.Failures(Accounts.AliceId, AccountFactor.Authenticator));

        // The right authenticator code is refused too, in this case and in a fresh one; the email keeps its own budget.
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.VerifyAuthenticatorAsync(id, w.Totp(Accounts.AliceSecret), cancellationToken: Ct)).ErrorCode);
        Assert.True((await w.Service.CancelAsync(id, cancellationToken: Ct)).Succeeded);
        var fresh = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.App), cancellationToken: Ct)).View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(fresh, SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.VerifyAuthenticatorAsync(fresh, w.Totp(Accounts.AliceSecret), cancellationToken: Ct)).ErrorCode);
        Assert.True((await w.Service.RequestCodeAsync(fresh, VerificationTarget.BoundEmail, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.VerifyCodeAsync(fresh, VerificationTarget.BoundEmail, w.LastCodeTo(fresh, Accounts.AliceEmail)!, cancellationToken: Ct)).Succeeded);
        Assert.Equal(ErrorCodes.AccountLocked, (await w.Service.VerifyAuthenticatorAsync(fresh, w.Totp(Accounts.AliceSecret), cancellationToken: Ct)).ErrorCode);
    }

    /// <summary>Enumeration: an identifier that matches no account must answer exactly like one that does.</summary>
    [Fact]
    public async Task An_owner_open_that_loses_every_race_gives_up_without_leaving_the_account_with_no_open_case()
    {
        // Every time the owner's case is about to be stored, a stranger's signed-out open gets there first; the owner
        // ends that case and tries again until the retries run out. Giving up right after ending one left the account
        // with no open case at all (and a stranger told "superseded" by nobody).
        StrangerFirstStore? store = null;
        var w = new World(o => o.MaxConcurrencyRetries = 2, wrap: new PortWrappers(Store: inner => store = new StrangerFirstStore(inner)));
        Task<ResetResult<ApplicantCaseView>> StrangerOpens() =>
            w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True((await StrangerOpens()).Succeeded);
        store!.Stranger = StrangerOpens;

        var owner = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.App), cancellationToken: Ct);

        Assert.Equal(ErrorCodes.CaseBusy, owner.ErrorCode);
        var open = await w.Store.FindOpenCaseAsync(Accounts.AliceId, Ct);
        Assert.NotNull(open);
        Assert.Equal(CaseState.SelectingItems, open.State);
        Assert.Equal(2, store.StrangerOpens);
    }

    private sealed class StrangerFirstStore(IResetCaseStore inner) : DelegatingStore(inner)
    {
        private int _inside;

        public Func<Task<ResetResult<ApplicantCaseView>>>? Stranger { get; set; }

        public int StrangerOpens { get; private set; }

        public override async Task<StoreWriteResult> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
        {
            if (commit.ExpectedVersion == 0 && Stranger is not null && Interlocked.Exchange(ref _inside, 1) == 0)
            {
                try
                {
                    Assert.True((await Stranger()).Succeeded);
                    StrangerOpens++;
                }
                finally
                {
                    _inside = 0;
                }
            }

            return await base.CommitAsync(commit, cancellationToken);
        }
    }

    [Fact]
    public async Task Enumeration_an_unknown_account_is_indistinguishable_in_open_select_request_code_and_verify_code()
    {
        var w = new World();
        foreach (var (known, unknown) in new[] { (Accounts.AliceEmail, Accounts.UnknownEmail), (Accounts.AlicePhone, Accounts.UnknownPhone) })
        {
            var k = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(known, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
            var u = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(unknown, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
            SameShape(k, u, "open");

            // A second signed-out open supersedes a case that proved nothing, for a real account as for a stand-in.
            var k2 = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(known, Channel.App, EntryPoint.ForgotPassword), cancellationToken: Ct);
            var u2 = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(unknown, Channel.App, EntryPoint.ForgotPassword), cancellationToken: Ct);
            SameShape(k2, u2, "open again");
            SameShape(await w.Service.GetCaseAsync(k.View!.Id, Ct), await w.Service.GetCaseAsync(u.View!.Id, Ct), "the first case");
            Assert.Equal(ErrorCodes.CredentialInvalid, (await w.Service.GetCaseAsync(u.View.Id, Ct)).ErrorCode);
            Assert.Equal(CaseState.Superseded, w.Load(u.View.Id)!.State);
            var (kid, uid) = (k2.View!.Id, u2.View!.Id);
            SameShape(await w.Service.SelectItemsAsync(kid, SecurityItems.Authenticator, cancellationToken: Ct), await w.Service.SelectItemsAsync(uid, SecurityItems.Authenticator, cancellationToken: Ct), "select");
            foreach (var target in new[] { VerificationTarget.BoundEmail, VerificationTarget.BoundPhone })
            {
                SameShape(await w.Service.RequestCodeAsync(kid, target, cancellationToken: Ct), await w.Service.RequestCodeAsync(uid, target, cancellationToken: Ct), $"request {target}");
                SameShape(await w.Service.RequestCodeAsync(kid, target, cancellationToken: Ct), await w.Service.RequestCodeAsync(uid, target, cancellationToken: Ct), $"resend {target} too soon");
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    var wrong = w.Codes.Unissued();
                    SameShape(await w.Service.VerifyCodeAsync(kid, target, wrong, cancellationToken: Ct), await w.Service.VerifyCodeAsync(uid, target, wrong, cancellationToken: Ct), $"verify {target} #{attempt}");
                }
            }

            Assert.True((await w.Service.CancelAsync(kid, cancellationToken: Ct)).Succeeded);
            Assert.True((await w.Service.CancelAsync(uid, cancellationToken: Ct)).Succeeded);
        }

        // No contact of any account is shown before its owner is proven: a stand-in's made-up ones never are.
        for (var i = 0; i < 12; i++)
        {
            var byEmail = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut($"someone.{i}@example.net", Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!;
            var byPhone = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut($"+1202555{i:D4}", Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!;
            Assert.Null(byEmail.BoundPhone);
            Assert.Null(byEmail.BoundEmail);
            Assert.Null(byPhone.BoundEmail);
            Assert.Null(byPhone.BoundPhone);
        }
    }

    private static void SameShape(ResetResult<ApplicantCaseView> known, ResetResult<ApplicantCaseView> unknown, string step)
    {
        Assert.True(known.ErrorCode == unknown.ErrorCode, $"{step}: {known.ErrorCode ?? "ok"} for the known account, {unknown.ErrorCode ?? "ok"} for the unknown one");
        Assert.Equal(known.Error?.Message, unknown.Error?.Message);
        Assert.Equal(known.View is null, unknown.View is null);
        if (known.View is { } k && unknown.View is { } u)
        {
            // Everything but the id is equal; no masked contact is shown before the owner is proven.
            Assert.Equal(k.Access is null, u.Access is null);
            Assert.Equal(k with { Id = u.Id, Access = null }, u with { AvailableActions = k.AvailableActions, CodesOnTheirWay = k.CodesOnTheirWay, Access = null });
            Assert.Equal(k.AvailableActions, u.AvailableActions);
            Assert.Equal(k.CodesOnTheirWay, u.CodesOnTheirWay);
            Assert.Null(u.BoundEmail);
            Assert.Null(u.BoundPhone);
            Assert.Null(k.BoundEmail);
            Assert.Null(k.BoundPhone);
        }
    }
}

/// <summary>The account guard across lock-outs: a factor locks for a window once its budget is spent, and its count starts again after.</summary>
public sealed class AccountGuardRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_lockout_expires_the_budget_locks_the_account_again()
    {
        var w = new World(o =>
        {
            o.Lockout.MaxFailuresPerFactor = 3;
            o.Lockout.Window = TimeSpan.FromMinutes(10);
        });
        var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
        var answers = new List<string?>();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                w.Clock.Advance(TimeSpan.FromSeconds(30));
                var wrong = w.Codes.Unissued() == w.Totp(Accounts.AliceSecret) ? "999999" : w.Codes.Unissued();
                answers.Add((await w.Service.VerifyAuthenticatorAsync(id, wrong, cancellationToken: Ct)).ErrorCode);
            }

            answers.Add((await w.Service.VerifyAuthenticatorAsync(id, w.Totp(Accounts.AliceSecret), cancellationToken: Ct)).ErrorCode);
            w.Clock.Advance(TimeSpan.FromMinutes(11));
            if (round == 0)
            {
                // A new case: its own five authenticator attempts, the account's budget unchanged.
                Assert.True((await w.Service.CancelAsync(id, cancellationToken: Ct)).Succeeded);
                id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
                Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct)).Succeeded);
            }
        }

        string?[] once = [ErrorCodes.CodeInvalid, ErrorCodes.CodeInvalid, ErrorCodes.CodeInvalid, ErrorCodes.AccountLocked];
        Assert.Equal([.. once, .. once], answers);
    }
}
