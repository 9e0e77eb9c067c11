using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>Where a case stands: its state and its stored version.</summary>
/// <param name="State">The state.</param>
/// <param name="Version">The version.</param>
internal sealed record CaseSnapshot(CaseState State, long Version)
{
    public override string ToString() => $"{State} v{Version}";
}

/// <summary>Runs one service call and prints one line for it: what was done, then the state or the refusal.</summary>
internal sealed class Narrator(IAnsiConsole console, SampleHost host, Outbox outbox)
{
    private const int DescriptionWidth = 52;

    public IAnsiConsole Console => console;

    /// <summary>The case's state and version, as the reviewer's view shows them.</summary>
    /// <param name="caseId">The case.</param>
    /// <returns>The snapshot, or <see langword="null"/> when there is no such case.</returns>
    public async Task<CaseSnapshot?> SnapshotAsync(CaseId caseId)
    {
        var found = await host.Service.GetCaseForReviewAsync(caseId);
        return found.View is { } view ? new CaseSnapshot(view.State, view.Version) : null;
    }

    /// <summary>Runs a call on a case and prints its line.</summary>
    /// <typeparam name="TView">The view type.</typeparam>
    /// <param name="caseId">The case the call is about, or <see langword="null"/> when it opens one.</param>
    /// <param name="what">What the step does, in words.</param>
    /// <param name="call">The call.</param>
    /// <param name="idOf">Reads the case id from the view, for the call that opens a case.</param>
    /// <returns>The call's result.</returns>
    public async Task<ResetResult<TView>> StepAsync<TView>(CaseId? caseId, string what, Func<Task<ResetResult<TView>>> call, Func<TView, CaseId>? idOf = null)
        where TView : class
    {
        var result = await call();
        var id = caseId ?? (result.View is { } view && idOf is not null ? idOf(view) : null);
        var snapshot = id is { } known ? await SnapshotAsync(known) : null;
        Line(what, result.Error, snapshot);
        outbox.Flush();
        return result;
    }

    /// <summary>Prints a step line.</summary>
    /// <param name="what">What the step did.</param>
    /// <param name="error">The refusal, or <see langword="null"/>.</param>
    /// <param name="snapshot">The case after the step.</param>
    public void Line(string what, ResetError? error, CaseSnapshot? snapshot)
    {
        var where = snapshot is null ? "no case" : snapshot.ToString();
        var padded = what.Length >= DescriptionWidth ? what : what.PadRight(DescriptionWidth);
        if (error is null)
        {
            console.MarkupLineInterpolated($"  [green]✓[/] {padded} → [green]{where}[/]");
        }
        else
        {
            console.MarkupLineInterpolated($"  [red]✗[/] {padded} → [red]{error.Code}[/] ({where}): {error.Message}");
        }
    }

    /// <summary>Prints an indented note.</summary>
    /// <param name="text">The note (plain text).</param>
    public void Note(string text) => console.MarkupLineInterpolated($"    [grey]{text}[/]");

    /// <summary>Prints the outbox lines that are waiting.</summary>
    public void FlushOutbox() => outbox.Flush();
}
