namespace SecurityReset;

/// <summary>
/// Whether a case's audit trail is the one the service wrote: every event sealed and chained to the one before, up to
/// the last event the case knows of. An event sealed under a key that was retired is vouched for by the
/// <c>case.resealed</c> checkpoint after it (counted in <c>Checkpointed</c>). A trail that does not hold was edited
/// outside the library (an event changed, inserted, removed or moved, or the trail cut short); nothing acts on such a case.
/// </summary>
/// <param name="Holds">Whether the chain holds from the first event to the last.</param>
/// <param name="Events">How many events the trail has.</param>
/// <param name="BrokenAt">The position (0-based) of the first event whose seal does not hold (or of the checkpoint whose digest does not match the events before it), or the count of events when the trail ends early; <see langword="null"/> when it holds.</param>
/// <param name="BrokenAtVersion">The case version of that event, when there is one.</param>
/// <param name="Problem">What is wrong, in words without personal data; <see langword="null"/> when it holds.</param>
public sealed record TrailVerification(bool Holds, int Events, int? BrokenAt, long? BrokenAtVersion, string? Problem)
{
    /// <summary>
    /// Of a trail that holds, how many events were accepted on a checkpoint's digest rather than on their own seals,
    /// because the key that sealed them is no longer configured; the others were checked by their seals. 0 otherwise.
    /// </summary>
    public int Checkpointed { get; init; }

    internal static TrailVerification Intact(int events, int checkpointed) => new(true, events, null, null, null) { Checkpointed = checkpointed };

    internal static TrailVerification Broken(int events, int at, long? version, string problem) => new(false, events, at, version, problem);
}
