using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Limits;
using SecurityReset.Tests.Reliability;
using SecurityReset.Workflow;
using static SecurityReset.EntityFrameworkCore.Tests.Service.DatabaseServiceFixture;

namespace SecurityReset.EntityFrameworkCore.Tests.Service;

/// <summary>
/// The service's race tests (the shape of SecurityReset.Core.Tests' ConcurrencyAndRetryTests) on a real database,
/// and two service instances that share nothing but that database.
/// </summary>
public abstract class ServiceRaceTests<TDatabase>(TDatabase database) : IAsyncLifetime
    where TDatabase : StoreDatabase
{
    protected TDatabase Database { get; } = database;

    public virtual async ValueTask InitializeAsync()
    {
        if (Database is PostgresDatabase postgres)
        {
            postgres.SkipUnlessAvailable();
        }

        await Database.ClearAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private async Task<(DatabaseServiceFixture F, CaseId Id, string Code)> WithEmailCodeAsync(Action<SecurityResetOptions>? configure = null)
    {
        var f = new DatabaseServiceFixture(Database, configure);
        var id = await f.OpenAsync();
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Phone | SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        await f.DeliverAsync();
        return (f, id, f.Outbox.LastCode(id, ContactKind.Email)!);
    }

    [Fact]
    public async Task Sixty_four_parallel_verifications_of_one_code_give_exactly_one_success()
    {
        var (f, id, code) = await WithEmailCodeAsync(o => o.MaxConcurrencyRetries = 50);
        using var _ = f;
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.VerificationAlreadyDone, ErrorCodes.TransitionNotAllowed, ErrorCodes.CredentialInvalid }));
        Assert.Single(await f.Store.ReadEventsAsync(id, Ct), e => e.Type == CaseEventTypes.CodeVerified);
    }

    [Fact]
    public async Task Sixty_four_parallel_wrong_codes_evaluate_exactly_the_attempt_limit()
    {
        var (f, id, code) = await WithEmailCodeAsync(o => o.MaxConcurrencyRetries = 50);
        using var _ = f;
        var wrong = code == "000000" ? "111111" : "000000";
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, wrong, cancellationToken: Ct))));

        Assert.Equal(5, results.Count(r => r.ErrorCode == ErrorCodes.CodeInvalid));
        Assert.All(results.Where(r => r.ErrorCode != ErrorCodes.CodeInvalid), r => Assert.Equal(ErrorCodes.CodeAttemptsExhausted, r.ErrorCode));
        var stored = (await f.Store.LoadCaseAsync(id, Ct))!;
        Assert.Equal(5, stored.Challenge(VerificationTarget.BoundEmail)!.FailedAttempts);
        Assert.Equal(5, AccountLimits.Of(await f.Store.LoadGuardAsync(AliceId, Ct)).Failures(AccountFactor.BoundEmail, f.Clock.GetUtcNow(), TimeSpan.FromHours(24)));
        var right = await f.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct);
        Assert.Equal(ErrorCodes.CodeAttemptsExhausted, right.ErrorCode);
    }

    [Fact]
    public async Task Parallel_openings_for_one_account_leave_exactly_one_open_case()
    {
        using var f = new DatabaseServiceFixture(Database);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => f.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(AliceId, Channel.Web), cancellationToken: Ct))));

        // Each signed-in open supersedes the one before it: one case stays open, every other one is superseded.
        var open = (await f.Store.FindOpenCaseAsync(AliceId, Ct))!.Id;
        Assert.Contains(results, r => r.Succeeded && r.View!.Id == open);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorCodes.CaseBusy, r.ErrorCode));
        foreach (var other in results.Where(r => r.Succeeded && r.View!.Id != open))
        {
            Assert.Equal(CaseState.Superseded, (await f.Service.GetCaseForReviewAsync(other.View!.Id, "reviewer-a", Ct)).View!.Case.State);
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_result_without_a_second_effect()
    {
        using var f = new DatabaseServiceFixture(Database);
        var id = await f.OpenAsync();
        Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, "k-select", Ct));
        var first = Expect(await f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, "k-1", Ct));
        var retries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, "k-1", Ct))));
        Assert.All(retries, r => Assert.True(r.Succeeded));
        Assert.All(retries, r => Assert.Equal(first.View!.State, r.View!.State));
        await f.DeliverAsync();
        Assert.Single(f.Outbox.Codes);

        var misuse = await f.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, "k-1", Ct);
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, misuse.ErrorCode);
        var replayedSelect = await f.Service.SelectItemsAsync(id, SecurityItems.Authenticator, "k-select", Ct);
        Assert.Equal(CaseState.VerifyingItems, replayedSelect.View!.State);
    }

    [Fact]
    public async Task The_authenticators_failure_budget_spans_cases_and_locks_its_checks_for_the_window()
    {
        using var f = new DatabaseServiceFixture(Database, o => o.Lockout.MaxFailuresPerFactor = 7);
        var failures = 0;
        for (var round = 0; round < 2; round++)
        {
            var id = await f.OpenAsync();
            Expect(await f.Service.SelectItemsAsync(id, SecurityItems.Email | SecurityItems.Phone, cancellationToken: Ct));
            for (var i = 0; i < 5 && failures < 7; i++, failures++)
            {
                f.Clock.Advance(TimeSpan.FromSeconds(90));
                var wrong = f.Totp(AliceSecret) == "000000" ? "111111" : "000000";
                Assert.Equal(ErrorCodes.CodeInvalid, (await f.Service.VerifyAuthenticatorAsync(id, wrong, cancellationToken: Ct)).ErrorCode);
            }

            if (failures < 7)
            {
                Expect(await f.Service.CancelAsync(id, cancellationToken: Ct));
                continue;
            }

            Assert.Equal(ErrorCodes.AccountLocked, (await f.Service.VerifyAuthenticatorAsync(id, f.Totp(AliceSecret), cancellationToken: Ct)).ErrorCode);
            f.Clock.Advance(TimeSpan.FromHours(24));
            Expect(await f.Service.VerifyAuthenticatorAsync(id, f.Totp(AliceSecret), cancellationToken: Ct));
        }
    }

    [Fact]
    public async Task Two_service_instances_sharing_only_the_database_verify_one_code_exactly_once()
    {
        var (a, id, code) = await WithEmailCodeAsync(o => o.MaxConcurrencyRetries = 50);
        using var _ = a;
        using var b = new DatabaseServiceFixture(Database, o => o.MaxConcurrencyRetries = 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.ErrorCode, new[] { ErrorCodes.VerificationAlreadyDone, ErrorCodes.TransitionNotAllowed, ErrorCodes.CredentialInvalid }));
        Assert.Single(await b.Store.ReadEventsAsync(id, Ct), e => e.Type == CaseEventTypes.CodeVerified);
        Assert.Equal(CaseState.Questionnaire, (await b.Service.GetCaseAsync(id, Ct)).View!.State);
    }

    [Fact]
    public async Task Two_service_instances_dispatching_in_parallel_deliver_a_code_exactly_once()
    {
        using var a = new DatabaseServiceFixture(Database);
        using var b = new DatabaseServiceFixture(Database);
        var id = await a.OpenAsync();
        await a.Service.DispatchAsync(cancellationToken: Ct); // the opening notices: the race is over the code
        Expect(await a.Service.SelectItemsAsync(id, SecurityItems.Phone | SecurityItems.Authenticator, cancellationToken: Ct));
        Expect(await a.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: Ct));
        Assert.Empty(a.Outbox.Codes); // committed, not sent: only a dispatcher sends

        var settled = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Service.DispatchAsync(cancellationToken: Ct))));

        Assert.Equal(1, settled.Sum());
        var sent = Assert.Single(a.Outbox.Codes.Concat(b.Outbox.Codes));
        Assert.Equal((id, ContactKind.Email, AliceEmail), (sent.CaseId, sent.Kind, sent.Address));
        Assert.Equal(0, await b.Service.DispatchAsync(cancellationToken: Ct));
        Expect(await b.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, sent.Code, cancellationToken: Ct));
    }

    [Fact]
    public async Task Two_service_instances_sharing_only_the_database_open_one_case_per_account()
    {
        using var a = new DatabaseServiceFixture(Database);
        using var b = new DatabaseServiceFixture(Database);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(AliceId, Channel.App), cancellationToken: Ct))));

        var open = (await a.Store.FindOpenCaseAsync(AliceId, Ct))!.Id;
        Assert.Contains(results, r => r.Succeeded && r.View!.Id == open);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorCodes.CaseBusy, r.ErrorCode));
        foreach (var other in results.Where(r => r.Succeeded && r.View!.Id != open))
        {
            Assert.Equal(CaseState.Superseded, (await b.Service.GetCaseForReviewAsync(other.View!.Id, "reviewer-a", Ct)).View!.Case.State);
        }
    }
}

public sealed class SqliteServiceRaceTests(SqliteDatabase database) : ServiceRaceTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresServiceRaceTests(PostgresDatabase database) : ServiceRaceTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
