using System.Security.Cryptography;
using OtpNet;

namespace SecurityReset;

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
        var totp = new Totp(new OneShotHmacKey(secret), step: (int)step.TotalSeconds, mode: OtpHashMode.Sha1, totpSize: Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out matchedStep, new VerificationWindow(windowSteps, windowSteps));
    }

    /// <summary>
    /// The secret as Otp.NET's key provider, computing each HMAC with the one-shot API. Otp.NET's own key copies
    /// the secret into every <see cref="Totp"/> and builds, keys and disposes an <see cref="HMAC"/> object per
    /// window step, which cost more than the rest of a decision. The caller owns the secret; it is not copied.
    /// </summary>
    private sealed class OneShotHmacKey(byte[] secret) : IKeyProvider
    {
        public byte[] ComputeHmac(OtpHashMode mode, byte[] data) => mode switch
        {
            OtpHashMode.Sha256 => HMACSHA256.HashData(secret, data),
            OtpHashMode.Sha512 => HMACSHA512.HashData(secret, data),
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA-1; it is not a hash of its own here.
            _ => HMACSHA1.HashData(secret, data),
#pragma warning restore CA5350
        };
    }
}
