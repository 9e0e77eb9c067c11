namespace SecurityReset;

/// <summary>
/// A strict policy in the spirit of OWASP ASVS 5.0 V6 and NIST SP 800-63B rev 4: every path, the face scan
/// included, completes the questionnaire, the supplementary proofs and identity verification, so a case can
/// never become approvable on one email code alone. Pair it with
/// <see cref="SecurityResetOptions.UseStrictProfile"/>, which also shortens <see cref="VerificationCodeOptions.Lifetime"/>. Thread-safe.
/// </summary>
internal sealed class StrictStepPolicy : IStepPolicy
{
    /// <summary>The shared instance.</summary>
    public static StrictStepPolicy Instance { get; } = new();

    /// <inheritdoc />
    public RequiredSteps Decide(StepPolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RequiredSteps.All;
    }
}
