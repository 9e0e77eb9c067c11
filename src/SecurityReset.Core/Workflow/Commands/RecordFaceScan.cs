namespace SecurityReset.Workflow.Commands;

/// <summary>The identity vendor's result of a face scan (the Advanced KYC shortcut).</summary>
/// <param name="Passed">Whether the scan matched the KYC face.</param>
/// <param name="VendorReference">The vendor's reference of the scan session.</param>
internal sealed record RecordFaceScan(bool Passed, string VendorReference) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.RecordFaceScan;
}
