
namespace SecurityReset;

/// <summary>
/// The default policy, as the reset flow was first described: the face-scan path needs no further step;
/// every other path needs the questionnaire, the supplementary proofs and identity verification. Thread-safe.
/// </summary>
internal sealed class SeedStepPolicy : IStepPolicy
{
    /// <summary>The shared instance.</summary>
    public static SeedStepPolicy Instance { get; } = new();

    /// <inheritdoc />
    public RequiredSteps Decide(StepPolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Method == VerificationMethod.FaceScan ? RequiredSteps.None : RequiredSteps.All;
    }
}
