namespace SecurityReset.ConsoleHost;

/// <summary>
/// The applicant's hold on one case, as their app keeps it: the case id and the applicant credential the service
/// issued with it (<see cref="ApplicantAccess"/>). Every call shows the credential held now, and an answer that carries
/// a new one (the open, then every verified factor) replaces it at once, since the old one stops working. The
/// walkthrough keeps it in memory; the interactive session also writes it to the app's state file
/// (<see cref="ApplicantStorage"/>) through <paramref name="changed"/>. Never printed: <see cref="ToString"/> is the
/// case id.
/// </summary>
/// <param name="access">The access the open (or the state file) gave.</param>
/// <param name="changed">Called with each new access, to store it; <see langword="null"/> to keep it in memory only.</param>
internal sealed class HeldCase(ApplicantAccess access, Action<ApplicantAccess>? changed = null)
{
    /// <summary>What the applicant shows now.</summary>
    public ApplicantAccess Access { get; private set; } = access;

    /// <summary>The case.</summary>
    public CaseId Id => Access.CaseId;

    /// <summary>Runs an applicant call with the access held now and keeps the new one its answer carries.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The call's result.</returns>
    public async Task<ResetResult<ApplicantCaseView>> CallAsync(Func<ApplicantAccess, Task<ResetResult<ApplicantCaseView>>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await call(Access);
        if (result.View?.Access is { } issued && issued.CaseId == Id && issued != Access)
        {
            Access = issued;
            changed?.Invoke(issued);
        }

        return result;
    }

    /// <summary>Whether a case in this state has ended: nobody acts on it any more.</summary>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> for the terminal states.</returns>
    public static bool Ended(CaseState state) =>
        state is CaseState.Completed or CaseState.Rejected or CaseState.Cancelled or CaseState.Expired or CaseState.Superseded;

    /// <summary>The case id, never the credential.</summary>
    /// <returns>The case id.</returns>
    public override string ToString() => Id.ToString();
}
