namespace SecurityReset.Ports;

/// <summary>What a notification to the account's channels is about.</summary>
public enum NotificationKind
{
    /// <summary>A reset case was submitted for the account. Carries a "this wasn't me" token.</summary>
    CaseSubmitted = 0,

    /// <summary>The reset was approved and applied.</summary>
    ResetCompleted = 1,

    /// <summary>The reset was rejected.</summary>
    CaseRejected = 2,

    /// <summary>The support team asked for more information.</summary>
    InformationRequested = 3,

    /// <summary>The case expired without a decision: its review deadline passed. The applicant may open a new case.</summary>
    ReviewDeadlinePassed = 4,

    /// <summary>
    /// A case opened for the account ended because the owner opened another one: whoever held it can no longer act on
    /// it. If the owner did not open a case, someone else had started one with the account's identifier.
    /// </summary>
    CaseSuperseded = 5,

    /// <summary>A reset case was opened for the account. Carries a "this wasn't me" token.</summary>
    CaseOpened = 6,

    /// <summary>
    /// The reset was approved: it applies once the dispute window has passed. Carries a "this wasn't me" token (to the
    /// channels bound before the case; the verified new contact hears it without one).
    /// </summary>
    CaseApproved = 7,
}
