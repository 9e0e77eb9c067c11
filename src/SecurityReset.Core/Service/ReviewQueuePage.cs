namespace SecurityReset;

/// <summary>One page of the review queue. Immutable.</summary>
/// <param name="Cases">The cases, oldest submission first.</param>
/// <param name="NextCursor">The cursor of the next page, or <see langword="null"/> on the last page.</param>
public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Cases, string? NextCursor)
{
    /// <summary>
    /// How many cases of this page were left out because they failed an integrity check (quarantined: logged and counted
    /// in <c>securityreset.cases.quarantined</c>); the queue goes on past them.
    /// </summary>
    /// <value>0 when every case of the page verified.</value>
    public int Quarantined { get; init; }
}
