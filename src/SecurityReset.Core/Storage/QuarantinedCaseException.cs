namespace SecurityReset.Storage;

/// <summary>
/// A stored case that cannot be read, or does not verify: never acted on. Raised by <see cref="CaseStore"/> and turned
/// into the <c>case.quarantined</c> result by the service; it never leaves the library. The reason names the check that
/// failed, never a stored value.
/// </summary>
internal sealed class QuarantinedCaseException(CaseId caseId, string reason)
    : Exception($"Case {caseId} is quarantined: {reason}.")
{
    public CaseId CaseId { get; } = caseId;

    public string Reason { get; } = reason;
}
