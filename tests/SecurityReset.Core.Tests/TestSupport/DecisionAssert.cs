using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.TestSupport;

/// <summary>The three shapes of a <see cref="Decision"/>.</summary>
internal static class DecisionAssert
{
    /// <summary>A refusal: the error code, the very same snapshot back, no events, no code.</summary>
    public static void Refused(Decision decision, string errorCode, ResetCase before)
    {
        Assert.Equal(errorCode, decision.Error?.Code);
        Assert.False(decision.Succeeded);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.Case);
        Assert.Empty(decision.Events);
        Assert.Null(decision.IssuedCode);
    }

    /// <summary>A counted failure: the error code and a new snapshot one version up, with its event.</summary>
    public static void CountedFailure(Decision decision, string errorCode, ResetCase before)
    {
        Assert.Equal(errorCode, decision.Error?.Code);
        Assert.True(decision.Changed);
        Assert.Equal(before.Version + 1, decision.Case.Version);
        Assert.All(decision.Events, e => Assert.Equal(decision.Case.Version, e.Version));
    }

    /// <summary>
    /// A mismatch with the account's own details: counted like a wrong code, one version up with its event, and the
    /// snapshot otherwise as it was (nothing of the input kept).
    /// </summary>
    public static void CountedMismatch(CaseHarness harness, CaseCommand command, string errorCode)
    {
        var before = harness.Case;
        var decision = harness.Send(command);
        CountedFailure(decision, errorCode, before);
        Assert.Equal(before with { Version = before.Version + 1 }, decision.Case);
        Assert.Equal([(CaseEventTypes.DetailMismatched, errorCode)], decision.Events.Select(e => (e.Type, e.Detail)));
    }

    public static void Accepted(Decision decision, CaseState state)
    {
        Assert.True(decision.Succeeded, decision.Error?.Code);
        Assert.Equal(state, decision.Case.State);
    }
}
