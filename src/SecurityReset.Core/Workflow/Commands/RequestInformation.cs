
namespace SecurityReset.Workflow.Commands;

/// <summary>The claiming reviewer asks the applicant to amend named items and resubmit.</summary>
/// <param name="Items">What to amend.</param>
/// <param name="ReasonCode">The reason code (1–64 of a–z, 0–9, '.', '_', '-').</param>
internal sealed record RequestInformation(AmendableItems Items, string ReasonCode) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.RequestInformation;
}
