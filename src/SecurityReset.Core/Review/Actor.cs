namespace SecurityReset;

/// <summary>Who did something to a case: recorded on every audit event. Immutable and thread-safe.</summary>
/// <param name="Kind">Applicant, reviewer or system.</param>
/// <param name="Id">The applicant's account id, the reviewer's id, or the system job's name.</param>
public sealed record Actor(ActorKind Kind, string Id)
{
    /// <summary>The system itself (expiry job, reset application).</summary>
    public static Actor System { get; } = new(ActorKind.System, "system");

    /// <summary>The applicant of an account.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The actor.</returns>
    public static Actor Applicant(string accountId) => new(ActorKind.Applicant, accountId);

    /// <summary>A support reviewer.</summary>
    /// <param name="reviewerId">The reviewer's id.</param>
    /// <returns>The actor.</returns>
    public static Actor Reviewer(string reviewerId) => new(ActorKind.Reviewer, reviewerId);
}
