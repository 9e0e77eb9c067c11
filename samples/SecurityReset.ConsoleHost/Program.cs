using System.Text;
using Microsoft.Extensions.Options;
using SecurityReset.ConsoleHost;
using Spectre.Console;

// The console host: a scripted walkthrough by default, an interactive case with --interactive, and the
// review / status / continue commands over the SQLite file in the working folder.
Console.OutputEncoding = Encoding.UTF8;

var console = Terminal.ForStandardOutput();
try
{
    return await CommandLine.RunAsync(args, console, Console.In, echoInput: Console.IsInputRedirected, TimeProvider.System.GetUtcNow(), Environment.CurrentDirectory);
}
catch (OptionsValidationException ex)
{
    console.MarkupLineInterpolated($"[red]configuration error:[/] {ex.Message}");
    return 2;
}

/// <summary>Parses the arguments and runs the chosen mode.</summary>
internal static class CommandLine
{
    public const string Usage = $"""
        Usage:
          SecurityReset.ConsoleHost                 scripted walkthrough of every path (exit code 0 when all end as expected)
          SecurityReset.ConsoleHost --interactive   walk through one case yourself at the prompt
          SecurityReset.ConsoleHost review          list the review queue
          SecurityReset.ConsoleHost status <case>   show one case and its audit trail
          SecurityReset.ConsoleHost continue <case> take up a case again at the prompt, as the applicant or the reviewer
          SecurityReset.ConsoleHost --help          this text
        --interactive, review, status and continue keep cases in {SampleHost.DatabaseFileName} in the working folder,
        with the secret key in {SampleHost.KeyFileName} beside it (or in {SampleKey.Variable}) and the applicant
        app's credentials in {ApplicantStorage.FileName}, so a case opened in one run can be continued or reviewed
        in the next. The walkthrough uses a fresh file of its own every run and keeps credentials in memory.
        From the repository root: dotnet run --project samples/SecurityReset.ConsoleHost -- <arguments>
        """;

    /// <summary>Runs the program.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="input">Where the interactive mode reads lines.</param>
    /// <param name="echoInput">Whether to repeat each line read (when it does not come from a person at a terminal).</param>
    /// <param name="now">The time the sample's fake clock starts at.</param>
    /// <param name="workingFolder">Where the database and the key file are kept.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextReader input, bool echoInput, DateTimeOffset now, string workingFolder)
    {
        switch (args)
        {
            case []:
                return (await Walkthrough.RunAsync(console, now)).ExitCode;
            case ["--interactive" or "-i"]:
                await using (var host = await OpenAsync(console, workingFolder, now))
                {
                    return await new InteractiveSession(console, input, host, echoInput).RunAsync();
                }

            case ["review"]:
                await using (var host = await OpenAsync(console, workingFolder, now))
                {
                    return await Commands.ReviewAsync(console, host);
                }

            case ["status", var id]:
                await using (var host = await OpenAsync(console, workingFolder, now))
                {
                    return await Commands.StatusAsync(console, host, id);
                }

            case ["continue", var id]:
                await using (var host = await OpenAsync(console, workingFolder, now))
                {
                    return await new InteractiveSession(console, input, host, echoInput).ContinueAsync(id);
                }

            case ["--help" or "-h" or "-?"]:
                console.WriteLine(Usage);
                return 0;
            default:
                console.MarkupLine("[red]Unknown arguments.[/]");
                console.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>
    /// Builds the host over the working folder's database, says where it is, expires the cases that outlived
    /// their lifetime since the last run and delivers what an earlier run left in the outbox (a real host runs
    /// <c>ExpireCasesAsync</c> from a timer and <c>DispatchAsync</c> in a loop).
    /// </summary>
    private static async Task<SampleHost> OpenAsync(IAnsiConsole console, string workingFolder, DateTimeOffset now)
    {
        var host = await SampleHost.CreateAsync(workingFolder, now);
        try
        {
            host.Describe(console);
            if (await host.Service.ExpireCasesAsync() is > 0 and var expired)
            {
                console.MarkupLineInterpolated($"[grey]{expired} case(s) past their lifetime expired.[/]");
            }

            if (await host.DispatchDueAsync() is > 0 and var delivered)
            {
                console.MarkupLineInterpolated($"[grey]{delivered} message(s) an earlier run left in the outbox delivered (resets applied, notifications sent).[/]");
            }

            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}
