namespace SecurityReset;

/// <summary>One page of the review queue. Immutable.</summary>
/// <param name="Cases">The cases, oldest submission first.</param>
/// <param name="NextCursor">The cursor of the next page, or <see langword="null"/> on the last page.</param>
public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Cases, string? NextCursor);
