
namespace SecurityReset;

/// <summary>What a step policy may base its decision on. Immutable and thread-safe.</summary>
/// <param name="ItemsLost">The items being reset.</param>
/// <param name="ItemsRemaining">The bound items that were verified instead.</param>
/// <param name="Kyc">The account's KYC level.</param>
/// <param name="Method">How the remaining items were verified.</param>
public sealed record StepPolicyContext(SecurityItems ItemsLost, SecurityItems ItemsRemaining, KycLevel Kyc, VerificationMethod Method);
