using SecurityReset.Ports;

namespace SecurityReset.EntityFrameworkCore.Model;

/// <summary>The state sets the queries and the open-case index use: the port's own lists.</summary>
internal static class CaseStates
{
    /// <summary>The states in which a case counts as its account's one open case.</summary>
    public static readonly CaseState[] Open = [.. StoredCase.OpenStates];

    /// <summary>The states from which a case can expire.</summary>
    public static readonly CaseState[] Expirable = [.. StoredCase.ExpirableStates];

    /// <summary>
    /// The filter of the unique open-case index. Column names are quoted so the same text works on SQLite and
    /// PostgreSQL; the state names are the persisted enum names.
    /// </summary>
    public static string OpenFilter { get; } = "\"State\" IN (" + string.Join(", ", Open.Select(s => $"'{s}'")) + ")";
}
