using System.Collections.Concurrent;
using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Races against one case, written once for every store: a store adapter's test project derives from this class
/// and supplies fresh stores (the in-memory ones in <c>InMemoryStoreRaceTests</c>; SQLite and PostgreSQL in the
/// EF Core store's tests, which compile this file in). Every call is released at the same moment by a start gate.
/// </summary>
public abstract class StoreRaceTests
{
    /// <summary>Fresh, empty stores for one test.</summary>
    protected abstract ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken);

    /// <summary>Releases what <see cref="CreateStoresAsync"/> made.</summary>
    protected virtual ValueTask DisposeStoresAsync(StoreSet stores) => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sixty_four_parallel_verifications_of_one_code_succeed_exactly_once()
    {
        await using var run = await WorldAsync();
        var (w, id) = (run.World, await OpenAsync(run.World, SecurityItems.Phone | SecurityItems.Authenticator));
        Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        var code = w.LastCodeTo(id, Accounts.AliceEmail)!;

        var results = await Race(64, _ => w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct));

        Report.Line($"race, 64 × the right code: {Describe(results.Select(r => r.ErrorCode))}");
        Assert.Single(results, r => r.Succeeded);
        // The success replaces the credential: a request still holding the old one is refused without a look at the code.
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.VerificationAlreadyDone, ErrorCodes.TransitionNotAllowed, ErrorCodes.CaseBusy, ErrorCodes.CredentialInvalid }));
        var events = await w.Store.ReadEventsAsync(id, Ct);
        Assert.Single(events, e => e.Type == CaseEventTypes.CodeVerified);
        Assert.Equal(CaseState.Questionnaire, (await w.Store.LoadCaseAsync(id, Ct))!.State);
    }

    [Fact]
    public async Task Sixty_four_parallel_wrong_codes_are_evaluated_exactly_up_to_the_attempt_limit()
    {
        await using var run = await WorldAsync();
        var (w, id) = (run.World, await OpenAsync(run.World, SecurityItems.Phone | SecurityItems.Authenticator));
        Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        var code = w.LastCodeTo(id, Accounts.AliceEmail)!;
        var wrong = w.Codes.Unissued();

        var results = await Race(64, _ => w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, wrong, cancellationToken: Ct));

        Report.Line($"race, 64 × a wrong code: {Describe(results.Select(r => r.ErrorCode))}");
        Assert.Equal(w.Options.Codes.MaxFailedAttemptsPerDestination, results.Count(r => r.ErrorCode == ErrorCodes.CodeInvalid));
        Assert.All(results.Where(r => r.ErrorCode != ErrorCodes.CodeInvalid), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.CodeAttemptsExhausted, ErrorCodes.CaseBusy }));
        var stored = (await w.Store.LoadCaseAsync(id, Ct))!;
        Assert.Equal(w.Options.Codes.MaxFailedAttemptsPerDestination, stored.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
        Assert.Null(stored.Challenge(VerificationTarget.BoundEmail)!.CodeHash);
        Assert.Equal(w.Options.Codes.MaxFailedAttemptsPerDestination, (await w.Store.ReadEventsAsync(id, Ct)).Count(e => e.Type == CaseEventTypes.CodeFailed));
        Assert.Equal(w.Options.Codes.MaxFailedAttemptsPerDestination, w.Failures(Accounts.AliceId, AccountFactor.BoundEmail));
        Assert.Equal(ErrorCodes.CodeAttemptsExhausted, (await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct)).ErrorCode);
    }

    [Fact]
    public async Task Parallel_wrong_codes_on_several_destinations_are_all_counted_in_the_account_guard_each_against_its_factor()
    {
        await using var run = await WorldAsync();
        var (w, id) = (run.World, await OpenAsync(run.World, SecurityItems.Email));
        Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, cancellationToken: Ct));
        var wrong = w.Codes.Unissued();
        var totp = w.Totp(Accounts.AliceSecret);
        var wrongTotp = wrong == totp ? "999999" : wrong;

        var results = await Race(64, i => i % 2 == 0
            ? w.Service.VerifyCodeAsync(id, VerificationTarget.BoundPhone, wrong, cancellationToken: Ct)
            : w.Service.VerifyAuthenticatorAsync(id, wrongTotp, cancellationToken: Ct));

        Report.Line($"race, 64 × wrong codes on phone and authenticator: {Describe(results.Select(r => r.ErrorCode))}");
        var counted = results.Count(r => r.ErrorCode == ErrorCodes.CodeInvalid);
        Assert.Equal(2 * 5, counted);
        Assert.Equal(5, w.Failures(Accounts.AliceId, AccountFactor.BoundPhone));
        Assert.Equal(5, w.Failures(Accounts.AliceId, AccountFactor.Authenticator));
    }

    [Fact]
    public async Task Parallel_wrong_codes_never_evaluate_more_than_each_factors_failure_budget()
    {
        const int budget = 3; // below the per-case attempt limits, so the account's budget is what stops the guessing
        var maxInParallel = 0;
        for (var round = 0; round < 20; round++)
        {
            await using var run = await WorldAsync(o => o.Lockout.MaxFailuresPerFactor = budget);
            var (w, id) = (run.World, await OpenAsync(run.World, SecurityItems.Email));
            Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, cancellationToken: Ct));
            var wrong = w.Codes.Unissued();
            var wrongTotp = wrong == w.Totp(Accounts.AliceSecret) ? "999999" : wrong;
            Task<ResetResult<ApplicantCaseView>> Guess(bool phone) => phone
                ? w.Service.VerifyCodeAsync(id, VerificationTarget.BoundPhone, wrong, cancellationToken: Ct)
                : w.Service.VerifyAuthenticatorAsync(id, wrongTotp, cancellationToken: Ct);

            var results = await Race(64, i => Guess(phone: i % 2 == 0));

            // Never more than the budget of either factor; under contention a request may be refused while another's
            // evaluation is still in flight (it is counted until its save is known to have failed), so the rest are
            // then evaluated one by one, and each factor locks after exactly its budget.
            foreach (var phone in new[] { true, false })
            {
                var factor = phone ? AccountFactor.BoundPhone : AccountFactor.Authenticator;
                var evaluated = results.Where((_, i) => (i % 2 == 0) == phone).Count(r => r.ErrorCode == ErrorCodes.CodeInvalid);
                Assert.True(evaluated <= budget, $"round {round}, {factor}: {Describe(results.Select(r => r.ErrorCode))}");
                Assert.Equal(evaluated, w.Failures(Accounts.AliceId, factor));
                maxInParallel = Math.Max(maxInParallel, evaluated);
                while (true)
                {
                    var next = await Guess(phone);
                    if (next.ErrorCode != ErrorCodes.CodeInvalid)
                    {
                        Assert.Equal(ErrorCodes.AccountLocked, next.ErrorCode);
                        break;
                    }

                    evaluated++;
                }

                Assert.Equal(budget, evaluated);
            }
        }

        Report.Line($"race, 20 rounds of 64 wrong codes on two factors with a budget of {budget} each: at most {maxInParallel} evaluated in parallel per factor, exactly {budget} before its lock");
    }

    [Fact]
    public async Task Parallel_wrong_documents_never_test_more_than_the_accounts_budget_for_its_details()
    {
        const int budget = 3;
        var maxInParallel = 0;
        for (var round = 0; round < 5; round++)
        {
            await using var run = await WorldAsync(o => o.Lockout.MaxFailuresPerFactor = budget);
            var w = run.World;
            var id = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.Web), cancellationToken: Ct)).View!.Id;
            Expect(await w.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
            Expect(await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct));
            Expect(await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct));
            Task<ResetResult<ApplicantCaseView>> Guess(int i) =>
                w.Service.SubmitDocumentAsync(id, World.Document($"C01X{round}{i:D4}", DocumentType.Passport), cancellationToken: Ct);

            var results = await Race(32, Guess);

            // As with codes: never more than the budget in parallel, the guard counts each one evaluated, and the
            // guesses that follow one by one stop at exactly the budget.
            var evaluated = results.Count(r => r.ErrorCode == ErrorCodes.DocumentNotKycDocument);
            Assert.True(evaluated <= budget, $"round {round}: {Describe(results.Select(r => r.ErrorCode))}");
            Assert.Equal(evaluated, w.Failures(Accounts.CarolId, AccountFactor.IdentityDetails));
            maxInParallel = Math.Max(maxInParallel, evaluated);
            for (var i = 100; ; i++)
            {
                var next = await Guess(i);
                if (next.ErrorCode != ErrorCodes.DocumentNotKycDocument)
                {
                    Assert.Equal(ErrorCodes.AccountLocked, next.ErrorCode);
                    break;
                }

                evaluated++;
            }

            Assert.Equal(budget, evaluated);
        }

        Report.Line($"race, 5 rounds of 32 wrong documents with a budget of {budget}: at most {maxInParallel} evaluated in parallel, exactly {budget} before the lock");
    }

    [Fact]
    public async Task Parallel_wrong_guesses_across_several_cases_of_one_account_never_evaluate_more_than_each_factors_budget()
    {
        const int budget = 12; // more than one case allows a factor (5), so the guessers must cancel and reopen
        await using var run = await WorldAsync(o =>
        {
            o.Lockout.MaxFailuresPerFactor = budget;
            o.Codes.ResendCooldown = TimeSpan.Zero;
            o.Codes.MaxPerDestinationPerAccount = 100;
        });
        var w = run.World;
        var wrong = w.Codes.Unissued();
        var wrongTotp = wrong == w.Totp(Accounts.AliceSecret) ? "999999" : wrong;
        var cases = new ConcurrentDictionary<CaseId, bool>();
        var evaluated = new ConcurrentDictionary<AccountFactor, int>();

        // Each guesser opens signed in (superseding the case another guesser held), guesses its factor, and cancels
        // the case once the case's own attempts for that factor are used up.
        async Task<int> Guesser(int i)
        {
            var phone = i % 2 == 0;
            var factor = phone ? AccountFactor.BoundPhone : AccountFactor.Authenticator;
            for (var step = 0; step < 200; step++)
            {
                var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View?.Id;
                if (id is not { } caseId)
                {
                    continue;
                }

                cases.TryAdd(caseId, true);
                await w.Service.SelectItemsAsync(caseId, SecurityItems.Email, cancellationToken: Ct);
                if (phone)
                {
                    await w.Service.RequestCodeAsync(caseId, VerificationTarget.BoundPhone, cancellationToken: Ct);
                }

                var answer = phone
                    ? await w.Service.VerifyCodeAsync(caseId, VerificationTarget.BoundPhone, wrong, cancellationToken: Ct)
                    : await w.Service.VerifyAuthenticatorAsync(caseId, wrongTotp, cancellationToken: Ct);
                switch (answer.ErrorCode)
                {
                    case ErrorCodes.CodeInvalid:
                        evaluated.AddOrUpdate(factor, 1, (_, n) => n + 1);
                        break;
                    case ErrorCodes.AccountLocked:
                        return step;
                    case ErrorCodes.CodeAttemptsExhausted or ErrorCodes.CodeSendLimitReached:
                        await w.Service.CancelAsync(caseId, cancellationToken: Ct);
                        break;
                }
            }

            return -1;
        }

        var steps = await Race(8, Guesser);

        Report.Line($"race, 8 guessers over {cases.Count} cases of one account, a budget of {budget} per factor: {evaluated.GetValueOrDefault(AccountFactor.BoundPhone)} wrong SMS codes and {evaluated.GetValueOrDefault(AccountFactor.Authenticator)} wrong authenticator codes evaluated");
        Assert.All(steps, s => Assert.True(s >= 0, "a guesser never met the lock"));
        Assert.True(cases.Count >= 3, $"only {cases.Count} cases were used");
        foreach (var factor in new[] { AccountFactor.BoundPhone, AccountFactor.Authenticator })
        {
            Assert.Equal(budget, evaluated.GetValueOrDefault(factor));
            Assert.Equal(budget, w.Failures(Accounts.AliceId, factor));
        }

        Assert.Equal(0, w.Failures(Accounts.AliceId, AccountFactor.BoundEmail));
    }

    [Fact]
    public async Task A_thousand_parallel_commands_on_one_case_lose_no_update()
    {
        await using var run = await WorldAsync(o =>
        {
            o.Codes.ResendCooldown = TimeSpan.Zero;
            o.Codes.MaxPerDestination = 20;
            o.MaxConcurrencyRetries = 50;
        });
        var w = run.World;
        var id = await OpenAsync(w, SecurityItems.All);
        Expect(await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct));
        Expect(await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct));
        var before = (await w.Store.LoadCaseAsync(id, Ct))!;
        Assert.Equal(CaseState.IdentityVerification, before.State);
        var video = w.Video(Accounts.AliceId);

        var results = await Race(1000, i => (i % 5) switch
        {
            0 => w.Service.SetNewContactAsync(id, ContactKind.Email, i % 10 == 0 ? Accounts.NewEmailA : Accounts.NewEmailB, cancellationToken: Ct),
            1 => w.Service.AcceptTermsAsync(id, $"terms-{i}", cancellationToken: Ct),
            2 => w.Service.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: Ct),
            3 => w.Service.SubmitDocumentAsync(id, World.Document(), cancellationToken: Ct),
            _ => w.Service.SubmitVideoAsync(id, video, cancellationToken: Ct),
        });

        var after = (await w.Store.LoadCaseAsync(id, Ct))!;
        var events = await w.Store.ReadEventsAsync(id, Ct);
        var accepted = results.Count(r => r.Succeeded);
        Report.Line($"race, 1000 mixed commands on one case: {accepted} accepted, v{before.Version} → v{after.Version}, {events.Count} events; {Describe(results.Select(r => r.ErrorCode))}");

        Assert.Equal(before.Version + accepted, after.Version);
        var versions = events.Select(e => e.Version).ToList();
        Assert.Equal(versions.Order().ToList(), versions);
        Assert.Equal(Enumerable.Range(1, (int)after.Version).Select(v => (long)v), versions.Distinct());
        var later = events.Where(e => e.Version > before.Version).ToList();
        Assert.Equal(accepted, later.Count);
        Assert.Equal(later.Select(e => e.Version), Enumerable.Range((int)before.Version + 1, accepted).Select(v => (long)v));
        Assert.Equal(results.Where((r, i) => i % 5 == 1 && r.Succeeded).Count(), later.Count(e => e.Type == CaseEventTypes.TermsAccepted));
        Assert.Equal(later.Last(e => e.Type == CaseEventTypes.TermsAccepted).Detail, after.AcceptedTermsVersion);
        Assert.Equal(results.Where((r, i) => i % 5 == 2 && r.Succeeded).Count(), later.Count(e => e.Type == CaseEventTypes.CodeIssued));
        Assert.Equal(later.Count(e => e.Type == CaseEventTypes.CodeIssued), w.Outbox.Codes.Count);
        Assert.Equal(w.Outbox.Codes.Count, after.Challenge(VerificationTarget.NewContact)?.CodesIssued ?? 0);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[]
        {
            ErrorCodes.CaseBusy, ErrorCodes.ContactNotSet, ErrorCodes.CodeSendLimitReached,
        }));
    }

    [Fact]
    public async Task Parallel_openings_for_one_account_leave_exactly_one_open_case()
    {
        await using var run = await WorldAsync();
        var w = run.World;
        foreach (var parallel in new[] { 2, 2, 2, 2, 2, 2, 2, 2, 64 })
        {
            var results = await Race(parallel, i => w.Service.OpenTrackedAsync(
                i % 2 == 0 ? OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web) : OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.App, EntryPoint.ForgotPassword),
                cancellationToken: Ct));
            // The owner's opens supersede each other and any signed-out case; whichever committed last stays open. A
            // signed-out open that meets the owner's case gets a case of the identifier's stand-in instead (never an
            // "already open" that would tell a stranger the account exists).
            var open = await w.Store.FindOpenCaseAsync(Accounts.AliceId, Ct);
            Assert.Contains(results, r => r.Succeeded && r.View!.Id == open!.Id);
            Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.CaseBusy }));
            foreach (var other in results.Where(r => r.Succeeded && r.View!.Id != open!.Id))
            {
                var stored = (await w.Store.LoadCaseAsync(other.View!.Id, Ct))!;
                Assert.True(stored.State == CaseState.Superseded || stored.Account.AccountId != Accounts.AliceId, $"{stored.State} on {stored.Account.AccountId}");
            }

            Expect(await w.Service.CancelAsync(open!.Id, cancellationToken: Ct));
        }

        Report.Line("race, parallel openings for one account: 8 rounds of 2 and one of 64, one open case each time, every other one superseded");
    }

    [Fact]
    public async Task Strangers_opening_while_the_owner_proves_a_factor_never_end_the_proven_case()
    {
        await using var run = await WorldAsync();
        var w = run.World;
        var outcomes = new List<string>();
        for (var round = 0; round < 8; round++)
        {
            var owner = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AlicePhone, Channel.App, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!.Id;
            Expect(await w.Service.SelectItemsAsync(owner, SecurityItems.Authenticator, cancellationToken: Ct));
            Expect(await w.Service.RequestCodeAsync(owner, VerificationTarget.BoundEmail, cancellationToken: Ct));
            var code = w.LastCodeTo(owner, Accounts.AliceEmail)!;

            var verifying = Task.Run(() => w.Service.VerifyCodeAsync(owner, VerificationTarget.BoundEmail, code, cancellationToken: Ct));
            var opens = await Race(8, _ => w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct));
            var verified = await verifying;

            var open = (await w.Store.FindOpenCaseAsync(Accounts.AliceId, Ct))!.Id;
            var ownerState = (await w.Store.LoadCaseAsync(owner, Ct))!.State;
            if (verified.Succeeded)
            {
                // Proven first: no stranger's open may end it, later ones find it held.
                Assert.Equal(owner, open);
                Assert.Equal(CaseState.VerifyingItems, ownerState);
                outcomes.Add("proven first");
            }
            else
            {
                Assert.Equal(CaseState.Superseded, ownerState);
                Assert.Contains(opens, r => r.Succeeded && r.View!.Id == open);
                outcomes.Add("superseded first");
            }

            Assert.All(opens.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.CaseAlreadyOpen, ErrorCodes.CaseBusy }));
            Expect(await w.Service.CancelAsync(open, cancellationToken: Ct));
        }

        Report.Line($"race, 8 signed-out opens against the owner's first verified factor, 8 rounds: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} × {g.Key}"))}");
    }

    private async Task<RaceRun> WorldAsync(Action<SecurityResetOptions>? configure = null, PortWrappers? wrap = null)
    {
        var stores = await CreateStoresAsync(Ct);
        return new RaceRun(new World(o =>
        {
            o.MaxConcurrencyRetries = 50;
            configure?.Invoke(o);
        }, stores, wrap), () => DisposeStoresAsync(stores));
    }

    [Fact]
    public async Task A_messenger_that_fails_after_the_commit_leaves_the_code_in_the_outbox_and_a_later_pass_delivers_it()
    {
        var gateway = new FailingGateway(failures: 2);
        await using var run = await WorldAsync(wrap: new PortWrappers(Messenger: m => gateway.Over(m)));
        var (w, id) = (run.World, await OpenAsync(run.World, SecurityItems.Phone | SecurityItems.Authenticator));
        var requested = Expect(await w.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Assert.Equal([VerificationTarget.BoundEmail], requested.View!.CodesOnTheirWay);

        Assert.Equal(0, await w.Service.DispatchAsync(cancellationToken: Ct));
        Assert.Empty(w.Received.Codes);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await w.Service.DispatchAsync(cancellationToken: Ct));
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await w.Service.DispatchAsync(cancellationToken: Ct));
        Assert.Equal(0, await w.Service.DispatchAsync(cancellationToken: Ct));

        var code = Assert.Single(w.Received.Codes);
        Assert.Equal(3, gateway.Tries);
        Assert.True((await w.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code.Code, cancellationToken: Ct)).Succeeded);
        Report.Line("outbox: a code whose gateway failed twice after the commit arrives on the third pass, once");
    }

    [Fact]
    public async Task Parallel_openings_after_the_open_case_passed_its_lifetime_expire_it_and_open_exactly_one_new_case()
    {
        await using var run = await WorldAsync();
        var w = run.World;
        var squatted = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct));
        w.Clock.Advance(w.Options.Lifetimes.Case);

        var results = await Race(16, _ => w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct));

        Assert.Equal(CaseState.Expired, (await w.Store.LoadCaseAsync(squatted.View!.Id, Ct))!.State);
        var open = (await w.Store.FindOpenCaseAsync(Accounts.AliceId, Ct))!;
        Assert.Contains(results, r => r.Succeeded && r.View!.Id == open.Id);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorCodes.CaseBusy, r.ErrorCode));
        foreach (var other in results.Where(r => r.Succeeded && r.View!.Id != open.Id))
        {
            Assert.Equal(CaseState.Superseded, (await w.Store.LoadCaseAsync(other.View!.Id, Ct))!.State);
        }
        Report.Line($"race, 16 openings over a case past its lifetime: {Describe(results.Select(r => r.ErrorCode))}");
    }

    [Fact]
    public async Task Parallel_dispatchers_deliver_every_message_exactly_once()
    {
        await using var run = await WorldAsync();
        var w = run.World;
        var alice = await OpenAsync(w, SecurityItems.Authenticator);
        var others = new List<CaseId>();
        foreach (var (account, lost) in new[] { (Accounts.BobId, SecurityItems.Authenticator), (Accounts.CarolId, SecurityItems.Phone) })
        {
            var opened = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(account, Channel.Web), cancellationToken: Ct));
            Expect(await w.Service.SelectItemsAsync(opened.View!.Id, lost, cancellationToken: Ct));
            others.Add(opened.View.Id);
        }

        while (await w.Service.DispatchAsync(cancellationToken: Ct) > 0)
        {
            // the opening notices first: the race is over the codes
        }

        Expect(await w.Service.RequestCodeAsync(alice, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Expect(await w.Service.RequestCodeAsync(alice, VerificationTarget.BoundPhone, cancellationToken: Ct));
        foreach (var other in others)
        {
            Expect(await w.Service.RequestCodeAsync(other, VerificationTarget.BoundEmail, cancellationToken: Ct));
        }

        var settled = await Race(8, _ => w.Service.DispatchAsync(1, Ct));

        Assert.Equal(4, settled.Sum() + await w.Service.DispatchAsync(cancellationToken: Ct));
        Assert.Equal(4, w.Received.Codes.Count);
        Assert.Equal(4, w.Received.Codes.Select(c => c.MessageId).Distinct().Count());
        Report.Line($"outbox: 8 parallel dispatchers over 4 due codes settled {string.Join("+", settled)}, each code sent once");
    }

    private static async Task<CaseId> OpenAsync(World w, SecurityItems lost)
    {
        var opened = Expect(await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct));
        await w.Service.DispatchAsync(cancellationToken: Ct); // the opening notices: the tests count codes
        Expect(await w.Service.SelectItemsAsync(opened.View!.Id, lost, cancellationToken: Ct));
        return opened.View.Id;
    }

    /// <summary>Starts <paramref name="count"/> calls on the thread pool and releases them together.</summary>
    internal static async Task<T[]> Race<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await call(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    internal static string Describe(IEnumerable<string?> codes) =>
        string.Join(", ", codes.GroupBy(c => c ?? "ok").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} × {g.Count()}"));

    private static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }

    /// <summary>A gateway that times out a number of times, then passes every send on.</summary>
    private sealed class FailingGateway(int failures)
    {
        private int _tries;

        public int Tries => _tries;

        public int Failures { get; } = failures;

        public IVerificationMessenger Over(IVerificationMessenger inner) => new Messenger(this, inner);

        private sealed class Messenger(FailingGateway gateway, IVerificationMessenger inner) : IVerificationMessenger
        {
            public Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken) =>
                Interlocked.Increment(ref gateway._tries) <= gateway.Failures ? throw new TimeoutException("gateway timed out") : inner.SendCodeAsync(message, cancellationToken);

            public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken) => inner.SendNotificationAsync(notification, cancellationToken);
        }
    }

    private sealed class RaceRun(World world, Func<ValueTask> dispose) : IAsyncDisposable
    {
        public World World { get; } = world;

        public ValueTask DisposeAsync() => dispose();
    }
}
