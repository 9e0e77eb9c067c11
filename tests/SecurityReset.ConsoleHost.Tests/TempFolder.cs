namespace SecurityReset.ConsoleHost.Tests;

/// <summary>
/// A working folder of the test's own under the temp folder, deleted with everything in it: the sample's database
/// and key file never land in the repository. Dispose the hosts over it first (declare it before them).
/// </summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("securityreset-console-tests-").FullName;

    public string DatabasePath => System.IO.Path.Combine(Path, SampleHost.DatabaseFileName);

    public string KeyPath => System.IO.Path.Combine(Path, SampleHost.KeyFileName);

    /// <summary>The applicant app's state file, where the interactive session keeps its cases' credentials.</summary>
    public string StatePath => System.IO.Path.Combine(Path, ApplicantStorage.FileName);

    /// <summary>The names of the files in the folder, sorted.</summary>
    public string[] Files => [.. Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
