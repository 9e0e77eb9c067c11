using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// The owner's voice: a notice's "this wasn't me" token, shown once while the case lives. Before the approval it
/// only flags the case for the reviewer (the disputer may hold one stolen channel, so a dispute alone cancels
/// nothing); after it, before the reset applied, it holds the reset and sends the case back to the review queue.
/// </summary>
internal static class DisputeRules
{
    /// <summary>The token's hash is one the case issued and nobody used yet.</summary>
    public static Guard TokenLive { get; } = Guard.OnInput(
        "a live token of the case", ErrorCodes.DisputeTokenInvalid, "The token is not valid.",
        c => TokenOf(c) is not null);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(CaseGroups.Open, CaseTrigger.Dispute, Who.System,
            [TokenLive],
            Destinations.Stay, c => Flagged(c, c.Case.State, c.Case)),
        new(StateGroup.Of(S.Approved), CaseTrigger.Dispute, Who.System,
            [TokenLive],
            Destinations.To(S.Disputed), c => Flagged(c, S.Disputed, c.Case with
            {
                ReviewerId = null,
                ClaimedAt = null,
                DecidedAt = null,
                ExpiresAt = c.Now + c.Options.Lifetimes.ReviewDeadline,
            })),
    ];

    private static DisputeToken? TokenOf(CommandContext c)
    {
        var hash = c.Input<Dispute>().TokenHash;
        return c.Case.DisputeTokens.IsDefault ? null : c.Case.DisputeTokens.FirstOrDefault(t => string.Equals(t.Hash, hash, StringComparison.Ordinal));
    }

    private static Decision Flagged(CommandContext c, CaseState to, ResetCase changed)
    {
        var token = TokenOf(c)!;
        var channel = token.Channel == ContactKind.Email ? c.Case.Account.Email : c.Case.Account.Phone;
        var flag = new DisputeFlag(token.Channel, channel?.Masked ?? string.Empty, c.Now, c.Case.State, c.Input<Dispute>().Reason);
        return c.Go(to, CaseEventTypes.Disputed, $"{token.Channel}:{c.Case.State}", changed with
        {
            DisputeTokens = c.Case.DisputeTokens.Remove(token),
            Disputes = (c.Case.Disputes.IsDefault ? [] : c.Case.Disputes).Add(flag),
        });
    }
}
