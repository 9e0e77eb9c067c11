using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// The <c>review</c> and <c>status</c> commands. They read the store that <see cref="SampleHost"/> chose: the
/// SQLite file in the working folder, so they see the cases of earlier runs as well as this one's.
/// </summary>
internal static class Commands
{
    /// <summary>Who the status command reads a case as: the trail records every look at the evidence.</summary>
    public const string OperatorId = "console-operator";

    /// <summary>Lists the review queue, oldest submission first.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="host">The services.</param>
    /// <returns>The exit code: 0.</returns>
    public static async Task<int> ReviewAsync(IAnsiConsole console, SampleHost host)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(host);
        var table = Terminal.Table(console, "case", "account", "items", "verified by", "submitted");
        var count = 0;
        string? cursor = null;
        do
        {
            var page = (await host.Service.ListReviewQueueAsync(cursor, 50)).View!;
            foreach (var queued in page.Cases)
            {
                table.AddRow(
                    new Text(queued.Id.ToString()),
                    new Text(queued.AccountId),
                    new Text(Display.Items(queued.SelectedItems)),
                    new Text(queued.VerificationMethod.ToString()),
                    new Text(queued.SubmittedAt is { } at ? Display.Time(at) : "-"));
                count++;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        console.MarkupLineInterpolated($"Review queue: {count} case(s) waiting.");
        if (count > 0)
        {
            console.Write(table);
            console.MarkupLine("[grey]continue <case> takes one up as the reviewer: claim it, then approve, reject or ask for more information.[/]");
        }
        else
        {
            console.MarkupLine("[grey]Cases submitted with --interactive wait here, from this run or an earlier one.[/]");
        }

        return 0;
    }

    /// <summary>Shows one case and its audit trail.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="host">The services.</param>
    /// <param name="caseIdText">The case id as typed.</param>
    /// <returns>The exit code: 0 when the case was found, 1 otherwise.</returns>
    public static async Task<int> StatusAsync(IAnsiConsole console, SampleHost host, string caseIdText)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(host);

        // An id that does not even parse names no case either: the answer is the same.
        var found = CaseId.TryParse(caseIdText?.Trim(), out var id) ? await host.Service.GetCaseForReviewAsync(id, OperatorId) : null;
        if (found?.View is not { } view)
        {
            var error = found?.Error ?? new ResetError(ErrorCodes.CaseNotFound, "No such case.");
            console.MarkupLineInterpolated($"[red]{error.Code}[/]: {error.Message}");
            return 1;
        }

        var c = view;
        console.MarkupLineInterpolated($"case {c.Id}: [bold]{c.State}[/] v{c.Version}");
        console.MarkupLineInterpolated($"  account {c.AccountId}, {c.Channel}/{c.EntryPoint}, items {Display.Items(c.SelectedItems)}, verified by {c.VerificationMethod}, steps {Display.Steps(c.RequiredSteps)}");
        console.MarkupLineInterpolated($"  opened {Display.Time(c.OpenedAt)}, expires {Display.Time(c.ExpiresAt)}");
        if (c.WithdrawalsProtectedUntil is { } until)
        {
            console.MarkupLineInterpolated($"  withdrawals protected until {Display.Time(until)}");
        }

        var trail = Terminal.Table(console, "v", "event", "when", "actor", "detail");
        foreach (var e in view.AuditTrail)
        {
            trail.AddRow(
                new Text(e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(e.Type),
                new Text(Display.Clock(e.OccurredAt)),
                new Text($"{e.Actor.Kind} {e.Actor.Id}"),
                new Text(e.Detail ?? string.Empty));
        }

        console.Write(trail);
        if (c.IsOpen)
        {
            console.MarkupLineInterpolated($"[grey]continue {c.Id} takes it up again at the prompt.[/]");
        }

        return 0;
    }
}
