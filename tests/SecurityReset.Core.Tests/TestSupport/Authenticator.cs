using OtpNet;

namespace SecurityReset.Tests.TestSupport;

/// <summary>Real TOTP codes of the test authenticator secret, computed with Otp.NET (30 s, SHA-1, 6 digits).</summary>
internal static class Authenticator
{
    public static string CodeAt(DateTimeOffset at) => new Totp(TestSecrets.AuthenticatorSecret).ComputeTotp(at.UtcDateTime);

    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / 30;
}
