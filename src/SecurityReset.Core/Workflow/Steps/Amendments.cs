using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow.Steps;

/// <summary>While amending after a reviewer's request, only the items the reviewer named may change.</summary>
internal static class Amendments
{
    public static Guard Named(AmendableItems item, string label) => Guard.OnCase(
        label, ErrorCodes.AmendmentNotRequested, "The reviewer did not ask to amend this item.",
        c => (c.Case.RequestedAmendments & item) != 0);
}
