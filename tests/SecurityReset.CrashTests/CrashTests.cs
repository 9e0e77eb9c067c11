using SecurityReset.CrashTests.Driver;

namespace SecurityReset.CrashTests;

/// <summary>
/// Whole cases through child processes killed with SIGKILL at random moments (see <see cref="CrashRun"/>): 200 kills
/// on SQLite, 50 on PostgreSQL (two classes, so that they run side by side); <c>SECURITYRESET_CRASH_SEED</c> replays a
/// run, <c>SECURITYRESET_CRASH_KILLS</c> makes it longer.
/// </summary>
public sealed class SqliteCrashTests
{
    [Fact]
    public Task Cases_killed_at_random_on_SQLite_resume_exactly_once() => CrashSuite.RunAsync(Database.Sqlite, 200);
}

/// <inheritdoc cref="SqliteCrashTests"/>
public sealed class PostgresCrashTests
{
    [Fact]
    public Task Cases_killed_at_random_on_PostgreSQL_resume_exactly_once() => CrashSuite.RunAsync(Database.Postgres, 50);
}

internal static class CrashSuite
{
    public static async Task RunAsync(Database database, int standardKills)
    {
        await using var store = await CrashDatabase.CreateAsync(database);
        var seed = CrashSettings.Seed;
        CrashSettings.Report($"{database}: seed {seed} ({CrashSettings.SeedVariable}={seed} replays it)");
        var report = await new CrashRun(store, seed, CrashSettings.Kills(standardKills)).RunAsync();
        CrashSettings.Report($"{database}: {report}");
        Assert.True(report.Kills >= standardKills || Environment.GetEnvironmentVariable(CrashSettings.KillsVariable) is { Length: > 0 });
        Assert.True(report.KilledInStep > 0, $"no kill landed in a step: {report}");
    }
}
