using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>Where a case stands: its state and its stored version.</summary>
/// <param name="State">The state.</param>
/// <param name="Version">The version.</param>
internal sealed record CaseSnapshot(CaseState State, long Version)
{
    public override string ToString() => $"{State} v{Version}";
}

/// <summary>
/// Runs one service call and prints one line for it: what was done, then the state or the refusal. The state comes
/// from the reviewer's view of the case, so no line needs the applicant's credential; none prints it.
/// </summary>
internal sealed class Narrator(IAnsiConsole console, SampleHost host, Outbox outbox)
{
    private const int DescriptionWidth = 52;

    public IAnsiConsole Console => console;

    /// <summary>The case's state and version, as the store's columns show them (reading the reviewer's view would itself be recorded on the trail).</summary>
    /// <param name="caseId">The case.</param>
    /// <returns>The snapshot, or <see langword="null"/> when there is no such case.</returns>
    public async Task<CaseSnapshot?> SnapshotAsync(CaseId caseId)
    {
        var found = await host.Store.LoadAsync(caseId, CancellationToken.None);
        return found is null ? null : new CaseSnapshot(found.State, found.Version);
    }

    /// <summary>
    /// Runs a call on a case and prints its line with the case as the call committed it, then runs the outbox
    /// dispatcher: what it delivered follows as outbox lines, and a case it moved on (an approval it completed) as a
    /// line of its own.
    /// </summary>
    /// <typeparam name="TView">The view type.</typeparam>
    /// <param name="caseId">The case the call is about, or <see langword="null"/> when it opens one.</param>
    /// <param name="what">What the step does, in words.</param>
    /// <param name="call">The call.</param>
    /// <param name="idOf">Reads the case id from the view, for the call that opens a case.</param>
    /// <param name="requestedCode">The destination of the code the call asks for, to say it is on its way; <see langword="null"/> for other calls.</param>
    /// <returns>The call's result.</returns>
    public async Task<ResetResult<TView>> StepAsync<TView>(
        CaseId? caseId, string what, Func<Task<ResetResult<TView>>> call, Func<TView, CaseId>? idOf = null, VerificationTarget? requestedCode = null)
        where TView : class
    {
        var result = await call();
        var id = caseId ?? (result.View is { } view && idOf is not null ? idOf(view) : null);
        var snapshot = id is { } known ? await SnapshotAsync(known) : null;
        Line(what, result.Error, snapshot);
        if (result is { Succeeded: true, View: ApplicantCaseView applicant } && requestedCode is { } target && OnItsWay(applicant, target) is { } onItsWay)
        {
            Note(onItsWay);
        }

        await DispatchAsync(id, snapshot);
        return result;
    }

    /// <summary>
    /// Asks for a code and prints its line: the answer comes once the request is committed, and the view says the
    /// code is on its way; the dispatcher then delivers it, and the outbox line shows it.
    /// </summary>
    /// <param name="held">The case, and the credential the applicant holds.</param>
    /// <param name="what">What the step does, in words.</param>
    /// <param name="target">Where the code goes.</param>
    /// <returns>The call's result.</returns>
    public Task<ResetResult<ApplicantCaseView>> RequestCodeAsync(HeldCase held, string what, VerificationTarget target)
    {
        ArgumentNullException.ThrowIfNull(held);
        return StepAsync(held.Id, what, () => held.CallAsync(access => host.Service.RequestCodeAsync(access, target)), requestedCode: target);
    }

    /// <summary>
    /// Runs the dispatcher until nothing is due and prints what it delivered; when the case moved on meanwhile (the
    /// reset of an approved case applied), prints a line with its new state.
    /// </summary>
    /// <param name="caseId">The case to follow, or <see langword="null"/>.</param>
    /// <param name="before">The case before the dispatcher ran, or <see langword="null"/> to read it now.</param>
    /// <returns>A task.</returns>
    public async Task DispatchAsync(CaseId? caseId, CaseSnapshot? before = null)
    {
        before ??= caseId is { } id ? await SnapshotAsync(id) : null;
        var settled = await host.DispatchDueAsync();
        if (settled > 0 && caseId is { } known && await SnapshotAsync(known) is { } after && after != before)
        {
            Line(after.State == CaseState.Completed ? "dispatcher: the reset is applied" : "dispatcher: the outbox is delivered", null, after);
        }

        outbox.Flush();
    }

    /// <summary>Whether the view says a code to <paramref name="target"/> is on its way, in words.</summary>
    /// <param name="view">The applicant's view.</param>
    /// <param name="target">The destination asked for.</param>
    /// <returns>For example <c>code on its way to j***@e***.com; type it once it arrives</c>, or <see langword="null"/>.</returns>
    public static string? OnItsWay(ApplicantCaseView view, VerificationTarget target)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!view.CodesOnTheirWay.Contains(target))
        {
            return null;
        }

        var destination = target switch
        {
            VerificationTarget.BoundEmail => view.BoundEmail,
            VerificationTarget.BoundPhone => view.BoundPhone,
            _ => view.NewContact,
        };
        // Before a signed-out applicant proves a bound factor the view shows no masked contact (it would tell the account's shape).
        return $"code on its way to {destination ?? (target == VerificationTarget.BoundPhone ? "your phone" : target == VerificationTarget.BoundEmail ? "your email" : "you")}; type it once it arrives";
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
}
