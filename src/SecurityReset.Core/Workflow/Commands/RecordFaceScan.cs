namespace SecurityReset.Workflow.Commands;

/// <summary>The identity vendor's result of a face scan (the Advanced KYC shortcut).</summary>
/// <param name="Session">The keyed fingerprint of the vendor's session id: a session counts once per case.</param>
/// <param name="Passed">Whether the scan matched the KYC face.</param>
/// <param name="VendorReference">The vendor's reference of the scan session.</param>
internal sealed record RecordFaceScan(string Session, bool Passed, string VendorReference) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.RecordFaceScan;

    /// <summary>
    /// The command before the vendor was asked: the session only. Only the guards before the vendor's answer
    /// (<see cref="Definition.GuardScope.BeforeVendor"/>) may be asked of it.
    /// </summary>
    /// <param name="session">The keyed fingerprint of the session id.</param>
    /// <returns>The command with no result yet.</returns>
    public static RecordFaceScan Before(string session) => new(session, Passed: false, VendorReference: string.Empty);
}
