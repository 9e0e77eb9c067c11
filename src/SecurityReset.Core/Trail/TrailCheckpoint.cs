using System.Globalization;

namespace SecurityReset.Trail;

/// <summary>
/// The detail of a <c>case.resealed</c> checkpoint, in words a person reads and the verifier parses:
/// <c>retired=k0a1b2c3d,k1;events=12;sha256=…</c> — the key ids it replaced, how many events came before it, and the
/// base64 SHA-256 digest of those events as stored. Thread-safe (stateless).
/// </summary>
internal static class TrailCheckpoint
{
    private const string Retired = "retired=";
    private const string Events = "events=";
    private const string Sha256 = "sha256=";
    private const int DigestBytes = 32;

    public static string Write(IEnumerable<string> formerKeyIds, int events, byte[] digest) =>
        string.Create(CultureInfo.InvariantCulture, $"{Retired}{string.Join(',', formerKeyIds)};{Events}{events};{Sha256}{Convert.ToBase64String(digest)}");

    /// <summary>How many events a checkpoint's detail vouches for, and their digest; <see langword="false"/> when it is not one.</summary>
    public static bool TryRead(string? detail, out int events, out byte[] digest)
    {
        events = 0;
        digest = [];
        var parts = detail?.Split(';');
        if (parts is not [var retired, var count, var sha]
            || !retired.StartsWith(Retired, StringComparison.Ordinal)
            || !count.StartsWith(Events, StringComparison.Ordinal)
            || !sha.StartsWith(Sha256, StringComparison.Ordinal)
            || !int.TryParse(count.AsSpan(Events.Length), NumberStyles.None, CultureInfo.InvariantCulture, out events))
        {
            return false;
        }

        var bytes = new byte[DigestBytes];
        if (!Convert.TryFromBase64String(sha[Sha256.Length..], bytes, out var written) || written != DigestBytes)
        {
            return false;
        }

        digest = bytes;
        return true;
    }
}
