using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecurityReset.WebHost.Hosting;

/// <summary>
/// Staff password hashes for the reviewer sign-in: PBKDF2 with HMAC-SHA256, a random 16-byte salt and 600,000
/// iterations, written as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). No password is kept in clear anywhere;
/// make a hash with <c>dotnet run --project samples/SecurityReset.WebHost -- hash-password</c> (it reads the password
/// from standard input) and put it in the staff list.
/// </summary>
internal static class StaffPasswords
{
    public const int DefaultIterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether a password matches a stored hash; a malformed hash matches nothing. The comparison takes the same time wherever it differs.</summary>
    public static bool Verify(string? stored, string? password)
    {
        if (string.IsNullOrEmpty(password) || stored?.Split('$') is not [Scheme, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1000 or > 10_000_000)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(saltText);
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return expected.Length == HashBytes && CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
