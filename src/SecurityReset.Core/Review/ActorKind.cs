namespace SecurityReset;

/// <summary>The kind of an <see cref="Actor"/>.</summary>
public enum ActorKind
{
    /// <summary>The user the case is about.</summary>
    Applicant = 0,

    /// <summary>A member of the support team.</summary>
    Reviewer = 1,

    /// <summary>The library or the host's background jobs.</summary>
    System = 2,
}
