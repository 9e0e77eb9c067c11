using System.Globalization;

namespace SecurityReset.CrashTests;

/// <summary>The crash suite's knobs: the seed (random unless given, printed on every run) and the number of kills.</summary>
internal static class CrashSettings
{
    public const string SeedVariable = "SECURITYRESET_CRASH_SEED";
    public const string KillsVariable = "SECURITYRESET_CRASH_KILLS";

    public static int Seed { get; } = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } seed
        ? int.Parse(seed, CultureInfo.InvariantCulture)
        : Random.Shared.Next();

    /// <summary>The kills of a run: <paramref name="standard"/>, or more for a soak.</summary>
    public static int Kills(int standard) => Environment.GetEnvironmentVariable(KillsVariable) is { Length: > 0 } kills
        ? int.Parse(kills, CultureInfo.InvariantCulture)
        : standard;

    /// <summary>Prints a figure line, in the test output and on standard error.</summary>
    public static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine("[crash] " + line);
        Console.Error.WriteLine("[crash] " + line);
    }
}
