namespace SecurityReset;

/// <summary>What one run of <see cref="SecurityResetService.PurgeAsync"/> did. Immutable.</summary>
/// <param name="Purged">How many cases this run redacted and committed.</param>
/// <param name="MoreDue">Whether more cases were due than the batch took: run the job again soon.</param>
public sealed record PurgeResult(int Purged, bool MoreDue);
