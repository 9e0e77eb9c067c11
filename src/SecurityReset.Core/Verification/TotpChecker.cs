using OtpNet;

namespace SecurityReset.Verification;

/// <summary>
/// Checks authenticator codes with Otp.NET (SHA-1, 6 digits) over a window of steps. Otp.NET ignores
/// <see cref="DateTime.Kind"/> and leaves replay prevention to the caller: the time given is always UTC from
/// the TimeProvider, and the matched step is returned so the workflow can refuse a step it accepted before.
/// </summary>
internal static class TotpChecker
{
    public const int Digits = 6;

    public static bool TryMatch(byte[] secret, string code, DateTimeOffset now, TimeSpan step, int windowSteps, out long matchedStep)
    {
        var totp = new Totp(secret, step: (int)step.TotalSeconds, mode: OtpHashMode.Sha1, totpSize: Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out matchedStep, new VerificationWindow(windowSteps, windowSteps));
    }
}
