using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using OtpNet;
using SecurityReset.Benchmarks.Support;

namespace SecurityReset.Benchmarks.WholeCase;

/// <summary>
/// What one of each primitive in <see cref="BareCryptography"/> costs on this machine, to read the baseline by:
/// how many of each a case does is listed there.
/// </summary>
[MemoryDiagnoser]
public class PrimitiveBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _message = Encoding.UTF8.GetBytes("email\nnew.alice@example.org");
    private readonly byte[] _mac = new byte[32];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _cipher = new byte[21];
    private readonly byte[] _tag = new byte[16];
    private readonly string _totp = Fixtures.Totp();

    [Benchmark]
    public int HmacSha256_OneShot() => HMACSHA256.HashData(_key, _message, _mac);

    [Benchmark]
    public int RandomDigit_GetInt32() => RandomNumberGenerator.GetInt32(10);

    [Benchmark]
    public Guid CaseId_NewGuid() => Guid.NewGuid();

    [Benchmark]
    public byte AesGcm_NewAndSeal()
    {
        RandomNumberGenerator.Fill(_nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(_nonce, _message.AsSpan(0, _cipher.Length), _cipher, _tag);
        return _tag[0];
    }

    /// <summary>An authenticator check with Otp.NET's own key provider: an HMAC object built per step.</summary>
    [Benchmark]
    public bool Totp_OtpNet_InMemoryKey()
    {
        var totp = new Totp(Fixtures.AuthenticatorSecret, step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
        return totp.VerifyTotp(Fixtures.Now.UtcDateTime, _totp, out _, new VerificationWindow(1, 1));
    }

    /// <summary>The library's authenticator check (Otp.NET with a one-shot HMAC key provider).</summary>
    [Benchmark]
    public bool Totp_Library_TotpChecker() =>
        TotpChecker.TryMatch(Fixtures.AuthenticatorSecret, _totp, Fixtures.Now, TimeSpan.FromSeconds(30), 1, out _);
}
