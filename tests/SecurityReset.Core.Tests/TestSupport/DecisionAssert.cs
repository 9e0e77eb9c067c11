using SecurityReset.Workflow;

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

    public static void Accepted(Decision decision, CaseState state)
    {
        Assert.True(decision.Succeeded, decision.Error?.Code);
        Assert.Equal(state, decision.Case.State);
    }
}
