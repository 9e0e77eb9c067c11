
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant's supplementary proofs, all at once.</summary>
/// <param name="Proofs">The proofs.</param>
internal sealed record ProvideProofs(IReadOnlyList<SupplementaryProof> Proofs) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.ProvideProofs;
}
