using SecurityReset.Workflow;

namespace SecurityReset.Tests.Workflow;

/// <summary>The state diagram in the README is the transition table: regenerating it must change nothing.</summary>
public sealed class CaseWorkflowDiagramTests
{
    private const string StartMarker = "<!-- workflow-diagram:start -->";
    private const string EndMarker = "<!-- workflow-diagram:end -->";
    private const string Fence = "```";
    private const string MermaidFence = "```mermaid";

    [Fact]
    public async Task The_readme_diagram_equals_the_one_generated_from_the_transition_table()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"), TestContext.Current.CancellationToken);

        var expected = Normalise(CaseWorkflow.ToMermaid());
        var actual = Normalise(DiagramBlock(readme));

        Assert.True(
            string.Equals(expected, actual, StringComparison.Ordinal),
            $"The README diagram is out of date. Put this between the workflow-diagram markers, in a mermaid block:{Environment.NewLine}{expected}");
    }

    private static string DiagramBlock(string readme)
    {
        var start = readme.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md must hold the workflow-diagram start and end markers, in that order.");

        var between = readme[(start + StartMarker.Length)..end];
        var open = between.IndexOf(MermaidFence, StringComparison.Ordinal);
        var close = between.LastIndexOf(Fence, StringComparison.Ordinal);
        Assert.True(open >= 0 && close > open, "The workflow-diagram markers must enclose a ```mermaid block.");
        return between[(open + MermaidFence.Length)..close];
    }

    /// <summary>Line endings as LF, no trailing whitespace, no leading or trailing blank lines.</summary>
    private static string Normalise(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd())).Trim('\n');

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecurityReset.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds SecurityReset.Core.sln.");
    }
}
