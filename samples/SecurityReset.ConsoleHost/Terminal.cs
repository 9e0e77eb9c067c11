using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>Creates the console: colours in a terminal, plain text (no ANSI escape codes) when redirected.</summary>
internal static class Terminal
{
    /// <summary>The console for standard output.</summary>
    /// <returns>A colourful console in a terminal; a plain one when the output is redirected.</returns>
    public static IAnsiConsole ForStandardOutput() =>
        Console.IsOutputRedirected
            ? Plain(Console.Out)
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Detect,
                Out = new AnsiConsoleOutput(Console.Out),
            });

    /// <summary>A console that writes plain text to a writer (redirected output, tests).</summary>
    /// <param name="writer">Where the text goes.</param>
    /// <returns>The console.</returns>
    public static IAnsiConsole Plain(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });

        // Files and pipes have no width: wide enough that a step, refusal message included, stays on one line.
        console.Profile.Width = 200;
        return console;
    }

    /// <summary>Whether the console shows colours (to pick table borders that read well either way).</summary>
    /// <param name="console">The console.</param>
    /// <returns>Whether ANSI is on.</returns>
    public static bool IsFancy(IAnsiConsole console) => console.Profile.Capabilities.Ansi;

    /// <summary>Writes a section heading: a rule in a terminal, a plain line otherwise.</summary>
    /// <param name="console">The console.</param>
    /// <param name="text">The heading (plain text).</param>
    public static void Heading(IAnsiConsole console, string text)
    {
        if (IsFancy(console))
        {
            console.Write(new Rule($"[bold]{Markup.Escape(text)}[/]").LeftJustified());
        }
        else
        {
            console.WriteLine($"== {text}");
        }
    }

    /// <summary>A table styled for the console.</summary>
    /// <param name="console">The console.</param>
    /// <param name="columns">The column headers.</param>
    /// <returns>The table.</returns>
    public static Table Table(IAnsiConsole console, params string[] columns)
    {
        var table = new Table().Border(IsFancy(console) ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }
}
