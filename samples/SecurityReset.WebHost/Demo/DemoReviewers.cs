namespace SecurityReset.WebHost.Demo;

/// <summary>The fixed reviewer list of the development-only reviewer sign-in.</summary>
internal static class DemoReviewers
{
    public static IReadOnlyList<(string Id, string Name)> All { get; } =
    [
        ("support-anna", "Anna (support team)"),
        ("support-ben", "Ben (support team)"),
    ];

    public static bool IsKnown(string? id) => All.Any(r => string.Equals(r.Id, id, StringComparison.Ordinal));
}
