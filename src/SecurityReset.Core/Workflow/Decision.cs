using SecurityReset.Ports;
using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow;

/// <summary>
/// What the workflow decided for one command. Three shapes:
/// accepted (<see cref="Error"/> is <see langword="null"/>, a new snapshot and events);
/// refused (an error, the input snapshot returned unchanged, no events);
/// counted failure (an error such as <c>code.invalid</c>, and a new snapshot whose failure counter rose, with
/// its event — the service must save it, or attempts would be free). Immutable and thread-safe.
/// </summary>
internal sealed class Decision
{
    private Decision(ResetCase resultCase, IReadOnlyList<CaseEvent> events, IssuedCode? issuedCode, ResetError? error, Guard? refusedBy = null, SideEffects asks = SideEffects.None)
    {
        Case = resultCase;
        Events = events;
        IssuedCode = issuedCode;
        Error = error;
        RefusedBy = refusedBy;
        Asks = asks;
    }

    /// <summary>The case after the command: the input snapshot when nothing changed.</summary>
    public ResetCase Case { get; }

    /// <summary>The audit events the command produced; empty when nothing changed.</summary>
    public IReadOnlyList<CaseEvent> Events { get; }

    /// <summary>A code to send, when the command issued one.</summary>
    public IssuedCode? IssuedCode { get; }

    /// <summary>Why the command did not succeed, or <see langword="null"/>.</summary>
    public ResetError? Error { get; }

    /// <summary>The guard of the workflow definition that refused the command, when one did.</summary>
    internal Guard? RefusedBy { get; }

    /// <summary>The side effects the transition asks for once the decision is saved (none for a refusal or a counted failure).</summary>
    internal SideEffects Asks { get; }

    /// <summary>Whether the command succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Whether the case changed and must be saved.</summary>
    public bool Changed => Events.Count > 0;

    internal static Decision Accept(ResetCase next, CaseEvent @event, IssuedCode? code = null) => new(next, [@event], code, null);

    internal static Decision Accept(ResetCase next, CaseEvent[] events) => new(next, events, null, null);

    internal static Decision Refuse(ResetCase current, ResetError error) => new(current, [], null, error);

    internal static Decision Refuse(ResetCase current, Guard guard, ResetError error) => new(current, [], null, error, guard);

    /// <summary>The same decision over a case the service completed (the applicant credential's hash it stamps).</summary>
    internal Decision Replacing(ResetCase next) => new(next, Events, IssuedCode, Error, RefusedBy, Asks);

    internal Decision WithCode(IssuedCode code) => new(Case, Events, code, Error, RefusedBy, Asks);

    internal Decision Asking(SideEffects asks) => Succeeded && asks != SideEffects.None ? new(Case, Events, IssuedCode, Error, RefusedBy, asks) : this;

    internal static Decision Fail(ResetCase next, CaseEvent @event, ResetError error) => new(next, [@event], null, error);

    internal static Decision Fail(ResetCase next, CaseEvent @event, Guard guard, ResetError error) => new(next, [@event], null, error, guard);
}
