using System.Globalization;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Where the reliability suite reports its figures: the test's output and standard error, so that a plain
/// <c>dotnet test</c> shows them.
/// </summary>
internal static class Report
{
    public static void Line(string text)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Console.Error.WriteLine("[reliability] " + text);
    }
}

/// <summary>Numbers a long local run can raise through the environment.</summary>
internal static class Settings
{
    public static int Int(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>
    /// Set by <c>eng/mutation.sh</c>: a mutation run executes the covering tests once per mutant, so the measurements
    /// that take seconds and check nothing in the mutated folders step aside there: the enumeration distinguisher, the
    /// leak scan and the three-day budget loop are skipped, and the truncated-payload property samples its lengths.
    /// </summary>
    public static bool MutationRun => Environment.GetEnvironmentVariable("SECURITYRESET_MUTATION_RUN") == "1";
}
