using System.Globalization;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Documentation;

/// <summary>
/// The README's generated sections — the state diagram, the error kinds and the error-code table — must equal what the code
/// produces. Run the tests with SECURITYRESET_UPDATE_README=1 to rewrite them in place.
/// </summary>
public sealed class ReadmeSectionsTests
{
    private const string UpdateVariable = "SECURITYRESET_UPDATE_README";

    private static readonly Lazy<XDocument> Documentation = new(() => XDocument.Load(Path.ChangeExtension(typeof(ErrorCodes).Assembly.Location, ".xml")));

    [Fact]
    public Task The_readme_diagram_equals_the_one_generated_from_the_transition_table() =>
        CheckSectionAsync("workflow-diagram", $"```mermaid\n{CaseWorkflow.ToMermaid()}\n```");

    [Fact]
    public Task The_readme_error_code_table_lists_every_error_code_with_its_kind_and_meaning() =>
        CheckSectionAsync("error-codes", ErrorCodeTable());

    [Fact]
    public Task The_readme_error_kind_table_lists_every_kind_with_its_meaning_and_codes() =>
        CheckSectionAsync("error-kinds", ErrorKindTable());

    [Fact]
    public Task The_readme_options_table_lists_every_option_with_its_default_and_range() =>
        CheckSectionAsync("options", OptionsTable());

    private static async Task CheckSectionAsync(string name, string generated)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(RepositoryRoot(), "README.md");
        var readme = await File.ReadAllTextAsync(path, ct);
        var (start, end) = (Marker(name, "start"), Marker(name, "end"));
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md must hold the markers {start} and {end}, in that order.");

        var expected = Normalise(generated);
        var actual = Normalise(readme[(from + start.Length)..to]);
        if (expected == actual)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, readme[..(from + start.Length)] + "\n" + expected + "\n" + readme[to..], ct);
            return;
        }

        Assert.Fail($"The README section '{name}' is out of date; run the tests with {UpdateVariable}=1 to regenerate it. Expected:\n{expected}");
    }

    private static string ErrorCodeTable()
    {
        var table = new StringBuilder("| code | kind | constant | meaning |\n| --- | --- | --- | --- |\n");
        foreach (var field in ErrorCodeFields())
        {
            var summary = Doc($"F:{typeof(ErrorCodes).FullName}.{field.Name}", "summary");
            table.Append(CultureInfo.InvariantCulture, $"| `{field.GetRawConstantValue()}` | {KindOf(field)} | `ErrorCodes.{field.Name}` | {summary} |\n");
        }

        return table.ToString();
    }

    private static string ErrorKindTable()
    {
        var table = new StringBuilder("| kind | meaning | codes |\n| --- | --- | --- |\n");
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            var summary = Doc($"F:{typeof(ErrorKind).FullName}.{kind}", "summary");
            var codes = string.Join(", ", ErrorCodeFields().Where(f => KindOf(f) == kind).Select(f => $"`{f.GetRawConstantValue()}`"));
            table.Append(CultureInfo.InvariantCulture, $"| {kind} | {summary} | {codes} |\n");
        }

        return table.ToString();
    }

    private static IEnumerable<FieldInfo> ErrorCodeFields() =>
        typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral);

    private static ErrorKind KindOf(FieldInfo code) => new ResetError((string)code.GetRawConstantValue()!, "-").Kind;


    [Fact]
    public void The_xml_documentation_of_every_option_states_its_declared_meaning_default_and_range()
    {
        var stale = new List<string>();
        foreach (var option in OptionCatalog.All)
        {
            var member = OptionMember(option.Path);
            if (Doc(member, "summary") != option.Summary)
            {
                stale.Add($"{member} <summary>: {option.Summary}");
            }

            if (Doc(member, "value") != option.ValueText)
            {
                stale.Add($"{member} <value>: {option.ValueText}");
            }
        }

        Assert.True(stale.Count == 0, "These doc comments differ from the declarations in OptionCatalog; write them as:\n" + string.Join('\n', stale));
    }

    /// <summary>The options table, from the one declaration of every option.</summary>
    private static string OptionsTable()
    {
        var table = new StringBuilder("| option | default | allowed | meaning |\n| --- | --- | --- | --- |\n");
        foreach (var option in OptionCatalog.All)
        {
            table.Append(CultureInfo.InvariantCulture, $"| `{option.Path}` | {option.DefaultText} | {option.RangeText} | {option.Summary} |\n");
        }

        return table.ToString();
    }

    /// <summary>The XML documentation id of the property an option path leads to, e.g. <c>P:SecurityReset.VerificationCodeOptions.Length</c>.</summary>
    private static string OptionMember(string path)
    {
        var type = typeof(SecurityResetOptions);
        var names = path.Split('.');
        foreach (var group in names[..^1])
        {
            type = type.GetProperty(group)!.PropertyType;
        }

        return $"P:{type.FullName}.{names[^1]}";
    }

    /// <summary>One element of a member's XML documentation as plain Markdown text.</summary>
    private static string Doc(string member, string element)
    {
        var docs = Documentation.Value.Descendants("member").Single(m => (string?)m.Attribute("name") == member).Element(element);
        var text = new StringBuilder();
        foreach (var node in docs?.Nodes() ?? [])
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement e when e.Attribute("cref") is { } cref => $"`{ShortName(cref.Value)}`",
                XElement e when e.Attribute("langword") is { } word => $"`{word.Value}`",
                XElement e => e.Value,
                _ => string.Empty,
            });
        }

        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A type's name, or Type.Member for a member.</summary>
    private static string ShortName(string cref)
    {
        var parts = cref[2..].Split('(')[0].Split('.');
        return cref.StartsWith("T:", StringComparison.Ordinal) ? parts[^1] : $"{parts[^2]}.{parts[^1]}";
    }

    private static string Marker(string name, string side) => $"<!-- {name}:{side} -->";

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
