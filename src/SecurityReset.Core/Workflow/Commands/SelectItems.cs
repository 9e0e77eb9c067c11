
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant selects the bound items that are unavailable.</summary>
/// <param name="Items">The items to reset.</param>
internal sealed record SelectItems(SecurityItems Items) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.SelectItems;
}
