using System.Text.RegularExpressions;

namespace SecurityReset;

/// <summary>Shape rules for free text that reaches a case: bounded length, no control characters, well-formed UTF-16.</summary>
internal static partial class Text
{
    public const int ShortMax = 200;
    public const int LongMax = 1000;

    /// <summary>
    /// At most <paramref name="max"/> characters, none of them a C0 or C1 control or a bidirectional override
    /// (which could make a reviewer read text in another order than it was written), and well-formed UTF-16.
    /// </summary>
    public static bool IsClean(string? value, int max) =>
        value is not null && value.Length <= max
        && !value.AsSpan().ContainsAnyInRange('\u0000', '\u001F')
        && !value.AsSpan().ContainsAnyInRange('\u007F', '\u009F')
        && !value.AsSpan().ContainsAnyInRange('\u202A', '\u202E')
        && !value.AsSpan().ContainsAnyInRange('\u2066', '\u2069')
        && IsWellFormed(value);

    /// <summary>Whether every surrogate is half of a pair: ill-formed UTF-16 breaks normalisation and UTF-8 storage.</summary>
    public static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsCleanNonBlank(string? value, int max) => IsClean(value, max) && !string.IsNullOrWhiteSpace(value);

    public static bool IsReasonCode(string? value) => value is not null && ReasonCodePattern().IsMatch(value);

    public static bool IsSha256Hex(string? value) => value is not null && Sha256Pattern().IsMatch(value);

    public static bool IsCountryCode(string? value) => value is not null && CountryPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReasonCodePattern();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();
}
