using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>Step 1 — the applicant ticks the unavailable items among those bound to the account.</summary>
internal static class SelectItemsStep
{
    public static Guard SomeItemSelected { get; } = Guard.OnInput(
        "at least one item", ErrorCodes.ItemsEmpty, "Select at least one item.",
        c => c.Input<SelectItems>().Items != SecurityItems.None);

    public static Guard OnlyBoundItems { get; } = Guard.OnInput(
        "only items bound to the account (every item before the owner is proven)", ErrorCodes.ItemsNotBound, "Only items bound to the account can be selected.",
        c => (c.Input<SelectItems>().Items & ~c.Case.ShownItems) == 0);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.SelectingItems), CaseTrigger.SelectItems, Who.Applicant,
            [SomeItemSelected, OnlyBoundItems],
            Destinations.OneOf(
                (S.VerifyingItems, "bound items remain to verify"),
                (S.Questionnaire, "nothing remains; questionnaire first"),
                (S.SupplementaryProofs, "nothing remains; proofs first"),
                (S.IdentityVerification, "nothing remains; identity first")),
            Select),
    ];

    private static Decision Select(CommandContext c)
    {
        var items = c.Input<SelectItems>().Items;
        var selected = c.Case with { SelectedItems = items };
        var detail = items.ToString();

        // Nothing remains to verify, so there is nothing for the face scan to replace either: identity evidence is required.
        return selected.RemainingItems == SecurityItems.None
            ? c.Verified(selected, VerificationMethod.NothingRemained, CaseEventTypes.ItemsSelected, detail)
            : c.Go(S.VerifyingItems, CaseEventTypes.ItemsSelected, detail, selected);
    }
}
