using SecurityReset.Cases;
using SecurityReset.Workflow;

namespace SecurityReset.EntityFrameworkCore.Model;

/// <summary>The state sets the queries and the open-case index use, derived from the core's own rules.</summary>
internal static class CaseStates
{
    /// <summary>The states in which a case counts as its account's one open case.</summary>
    public static readonly CaseState[] Open = [.. Enum.GetValues<CaseState>().Where(IsOpen)];

    /// <summary>The states from which a case can expire.</summary>
    public static readonly CaseState[] Expirable = [.. Enum.GetValues<CaseState>().Where(s => CaseWorkflow.IsListed(s, CaseTrigger.Expire))];

    /// <summary>
    /// The filter of the unique open-case index. Column names are quoted so the same text works on SQLite and
    /// PostgreSQL; the state names are the persisted enum names.
    /// </summary>
    public static string OpenFilter { get; } = "\"State\" IN (" + string.Join(", ", Open.Select(s => $"'{s}'")) + ")";

    private static bool IsOpen(CaseState state) => new ResetCase
    {
        Id = default,
        Version = 0,
        State = state,
        Channel = default,
        EntryPoint = default,
        Account = new AccountSnapshot("", null, null, false, default, null),
        OpenedAt = default,
        ExpiresAt = default,
    }.IsOpen;
}
