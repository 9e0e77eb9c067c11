namespace SecurityReset;

/// <summary>
/// What an applicant shows to act on a case: the case id and the applicant credential the service issued with it.
/// The case id alone grants nothing. The credential is a random secret the service keeps only as a keyed hash; it is
/// handed out when the case opens and replaced after every verified factor (<see cref="ApplicantCaseView.Access"/>),
/// and a stale or wrong one is refused with <c>case.credential_invalid</c>. Keep it where the applicant's session
/// lives (a server-side session, an encrypted cookie, the app's secure storage), never in a URL or a log.
/// Immutable and thread-safe.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Credential">The applicant credential, as issued.</param>
public readonly record struct ApplicantAccess(CaseId CaseId, string Credential)
{
    /// <summary>Never shows the credential.</summary>
    /// <returns>The case id and a placeholder.</returns>
    public override string ToString() => $"ApplicantAccess {{ CaseId = {CaseId}, Credential = *** }}";
}
