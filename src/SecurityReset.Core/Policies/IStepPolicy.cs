namespace SecurityReset.Policies;

/// <summary>
/// Decides which optional steps a case needs once verification passed. Implementations must be pure and
/// thread-safe: the workflow calls them from any thread and may call them more than once for one case.
/// </summary>
public interface IStepPolicy
{
    /// <summary>The steps the case must complete before it can be submitted.</summary>
    /// <param name="context">What the case knows.</param>
    /// <returns>The required steps.</returns>
    RequiredSteps Decide(StepPolicyContext context);
}
