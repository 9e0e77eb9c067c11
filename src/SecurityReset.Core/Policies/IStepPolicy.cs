namespace SecurityReset;

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

    /// <summary>The seed profile: the face-scan path needs no further step; otherwise the questionnaire, the proofs and identity.</summary>
    static IStepPolicy Seed => SeedStepPolicy.Instance;

    /// <summary>The strict profile: every case completes the questionnaire, the proofs and identity, whatever it verified.</summary>
    static IStepPolicy Strict => StrictStepPolicy.Instance;
}
