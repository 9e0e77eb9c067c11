namespace SecurityReset;

/// <summary>
/// What kind of refusal an error is: what the caller can do about it, and the HTTP status a host would
/// typically answer with. Every code in <see cref="ErrorCodes"/> has exactly one kind, available as
/// <see cref="ResetError.Kind"/>; map kinds rather than codes when a coarse answer (a status, a generic screen)
/// is enough.
/// </summary>
public enum ErrorKind
{
    /// <summary>
    /// The input is malformed whatever the case's state (a missing field, a code that is not six digits, a
    /// foreign cursor): fix the request, sending it again unchanged never succeeds. Typically HTTP 400.
    /// </summary>
    Malformed = 0,

    /// <summary>The case does not exist, or not for this caller. Typically HTTP 404.</summary>
    NotFound = 1,

    /// <summary>
    /// The case's current state, or another request on it, is in the way: the command does not fit the case as
    /// it stands (a skipped step, a step done already, an open case, a live claim, a concurrent change). Read the case again;
    /// the command may succeed once the state allows it. Typically HTTP 409.
    /// </summary>
    Conflict = 2,

    /// <summary>
    /// The request is well formed and fits the case's state, but a rule of the flow refuses it (a wrong code, a
    /// contact equal to the current one, a limit reached, an actor who may not act). Typically HTTP 422 (a host
    /// that tells authorization apart may answer 403 for <see cref="ErrorCodes.ActorNotAllowed"/>).
    /// </summary>
    Refused = 3,

    /// <summary>
    /// What the command needs is past its lifetime and will not come back (an expired case, an expired code, a
    /// lapsed claim): start again, ask for a new one or claim again. Typically HTTP 410.
    /// </summary>
    Gone = 4,

    /// <summary>
    /// The same command may succeed after a wait (a resend cooldown, an account locked for a while). Typically
    /// HTTP 429, with a <c>Retry-After</c> header when the host knows the wait.
    /// </summary>
    RetryLater = 5,

    /// <summary>
    /// The caller does not hold the case: its applicant credential is missing, wrong or stale. Nothing was read or
    /// changed. Typically HTTP 403; the applicant starts again from where they keep their credential.
    /// </summary>
    Denied = 6,

    /// <summary>
    /// The stored case failed an integrity check (a sealed value that does not belong to it, an approval its trail does
    /// not show): nothing acts on it until an operator looks at it. Sending the command again never succeeds. Typically
    /// HTTP 423 (Locked); never show the applicant more than that the case cannot continue.
    /// </summary>
    Quarantined = 7,
}
