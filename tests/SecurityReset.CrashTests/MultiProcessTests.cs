using System.Globalization;
using SecurityReset.CrashTests.Driver;

namespace SecurityReset.CrashTests;

/// <summary>
/// Four processes on one PostgreSQL database, each its own service and connection pool, started together: one code
/// verified 64 times, 256 wrong authenticator codes on one account, and four dispatcher passes over one outbox.
/// </summary>
public sealed class MultiProcessTests
{
    private const int Processes = 4;
    private static readonly ScenarioAccount Account = Scenarios.Account(ScenarioKind.Codes, 0);

    private static readonly string[] Candidates = ["000000", "111111", "222222"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sixteen_parallel_verifications_of_one_code_in_each_of_four_processes_succeed_exactly_once()
    {
        await using var database = await CrashDatabase.CreateAsync(Database.Postgres);
        using var host = new DriverHost(database.Location, null, accounts: 1);
        var access = await OpenAsync(host);
        Expect(await host.Service.SelectItemsAsync(access, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: Ct));
        Expect(await host.Service.RequestCodeAsync(access, VerificationTarget.BoundEmail, cancellationToken: Ct));
        await host.Service.DispatchAsync(cancellationToken: Ct);
        var code = host.LastCode(access.CaseId, Account.Record.Email!)!;

        var results = await RunAsync(database, host, "verify", ["--case", access.CaseId.ToString(), "--credential", access.Credential, "--code", code, "--count", "16"]);

        Assert.Equal(Processes * 16, results.Count);
        Assert.Single(results, r => r == "ok");
        Assert.All(results.Where(r => r != "ok"), r => Assert.Contains(r, new[] { ErrorCodes.VerificationAlreadyDone, ErrorCodes.TransitionNotAllowed, ErrorCodes.CredentialInvalid }));
        Assert.Single(await host.Store.ReadEventsAsync(access.CaseId, Ct), e => e.Type == "code.verified");
        CrashSettings.Report($"one code, {results.Count} verifications in {Processes} processes: {Describe(results)}");
    }

    [Fact]
    public async Task Four_processes_of_sixty_four_wrong_codes_evaluate_no_more_than_the_account_limit()
    {
        await using var database = await CrashDatabase.CreateAsync(Database.Postgres);
        using var host = new DriverHost(database.Location, null, accounts: 1);
        var limit = DriverHost.Options().Lockout.MaxFailuresPerFactor;
        var wrong = WrongAuthenticatorCode(host.Clock.GetUtcNow());

        var results = await RunAsync(database, host, "guess", ["--account", Account.Record.AccountId, "--wrong", wrong, "--count", "64"]);

        // Never more than the limit, however the processes interleave; then one at a time until the account locks, and the
        // total evaluated is exactly the limit.
        var evaluated = results.Count(r => r == ErrorCodes.CodeInvalid);
        Assert.InRange(evaluated, 1, limit);
        var more = 0;
        for (var round = 0; round < 2 * limit; round++)
        {
            var access = await OpenAsync(host);
            Expect(await host.Service.SelectItemsAsync(access, SecurityItems.Email, cancellationToken: Ct));
            string? error;
            while ((error = (await host.Service.VerifyAuthenticatorAsync(access, wrong, cancellationToken: Ct)).ErrorCode) == ErrorCodes.CodeInvalid)
            {
                more++;
            }

            if (error == ErrorCodes.AccountLocked)
            {
                break;
            }
        }

        Assert.Equal(limit, evaluated + more);
        CrashSettings.Report($"{results.Count} wrong codes in {Processes} processes, limit {limit}: {Describe(results)}; {more} more one at a time until the lock");
    }

    [Fact]
    public async Task Four_dispatchers_passing_over_one_outbox_at_once_deliver_no_message_twice()
    {
        await using var database = await CrashDatabase.CreateAsync(Database.Postgres);
        const int accounts = 100;
        using var host = new DriverHost(database.Location, null, accounts);
        for (var n = 0; n < accounts; n++)
        {
            Expect(await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Scenarios.Account(ScenarioKind.Codes, n).Record.AccountId, Channel.Web), cancellationToken: Ct));
        }

        var committed = (await database.OutboxIdsAsync()).ToHashSet();
        Assert.Equal(2 * accounts, committed.Count); // each opening tells the bound email and phone

        var journals = Enumerable.Range(0, Processes).Select(i => Path.Combine(database.Folder, $"dispatcher-{i}.log")).ToList();
        var settled = await RunAsync(database, host, "dispatch", ["--batch", "60", "--accounts", accounts.ToString(CultureInfo.InvariantCulture)], journals);

        var sends = journals.SelectMany(j => Journal.Read(j).Where(r => r[0] == "send").Select(r => Journal.ParseIds(r[1])[0])).ToList();
        Assert.Equal(sends.Count, sends.Distinct().Count());
        Assert.All(sends, id => Assert.Contains(id, committed));
        Assert.Equal(settled.Sum(s => int.Parse(s, CultureInfo.InvariantCulture)), sends.Count);
        Assert.Equal(committed.Count - sends.Count, (await database.OutboxIdsAsync()).Count);
        CrashSettings.Report($"{committed.Count} messages, {Processes} dispatcher passes of 60 at once: settled {string.Join(" + ", settled)}, none twice");
    }

    /// <summary>Starts the processes, lets them go at once, and collects what each printed after "result" (or "settled").</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(CrashDatabase database, DriverHost host, string mode, string[] arguments, List<string>? journals = null)
    {
        var children = Enumerable.Range(0, Processes).Select(i => Child.Start(
        [
            mode, .. database.Location.Arguments(), .. arguments, "--at", host.Clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture),
            .. journals is null ? Array.Empty<string>() : ["--journal", journals[i]],
        ])).ToList();
        try
        {
            await Task.WhenAll(children.Select(c => c.ReadyAsync()));
            foreach (var child in children)
            {
                child.Send("go");
            }

            var lines = new List<string>();
            foreach (var child in children)
            {
                Assert.True(await child.ExitAsync(TimeSpan.FromMinutes(3)) == 0, child.Errors);
                lines.AddRange((await child.RestAsync()).Select(l => l.Split('\t')).Where(f => f[0] is "result" or "settled").Select(f => f[1]));
            }

            return lines;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    private static async Task<ApplicantAccess> OpenAsync(DriverHost host) =>
        Expect(await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Account.Record.AccountId, Channel.Web), cancellationToken: Ct)).View!.Access!.Value;

    /// <summary>A code the authenticator does not show at <paramref name="now"/>, nor a step before or after.</summary>
    private static string WrongAuthenticatorCode(DateTimeOffset now)
    {
        var totp = new OtpNet.Totp(DriverHost.AuthenticatorSecret);
        var shown = Enumerable.Range(-2, 5).Select(step => totp.ComputeTotp(now.UtcDateTime.AddSeconds(step * 30))).ToHashSet(StringComparer.Ordinal);
        return Candidates.First(c => !shown.Contains(c));
    }

    private static string Describe(IEnumerable<string> results) =>
        string.Join(", ", results.GroupBy(r => r, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));

    private static ResetResult<T> Expect<T>(ResetResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ErrorCode);
        return result;
    }
}
