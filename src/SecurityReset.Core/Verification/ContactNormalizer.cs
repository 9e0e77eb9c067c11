using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SecurityReset;

/// <summary>
/// Normalises contacts so that equal addresses compare equal: emails are NFKC-folded, trimmed and lower-cased
/// and must then be plain ASCII (no look-alike letters); phones are reduced to E.164. One value per field: a
/// list of addresses is refused, never split. Thread-safe.
/// </summary>
internal static class ContactNormalizer
{
    /// <summary>Normalises a contact of a kind.</summary>
    /// <param name="kind">Email or phone.</param>
    /// <param name="value">The value as typed.</param>
    /// <param name="normalized">The normalised value.</param>
    /// <returns>Whether the value is one valid contact of that kind.</returns>
    public static bool TryNormalize(ContactKind kind, string? value, [NotNullWhen(true)] out string? normalized) =>
        kind == ContactKind.Email ? TryNormalizeEmail(value, out normalized) : TryNormalizePhone(value, out normalized);

    /// <summary>Normalises an email address.</summary>
    /// <param name="value">The value as typed.</param>
    /// <param name="normalized">The normalised address.</param>
    /// <returns>Whether the value is one valid email address.</returns>
    public static bool TryNormalizeEmail(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (value is null || value.Length > 512)
        {
            return false;
        }

        string folded;
        try
        {
            folded = value.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false; // ill-formed UTF-16
        }

        if (folded.Length is < 3 or > 254)
        {
            return false;
        }

        var at = folded.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != folded.LastIndexOf('@') || at == folded.Length - 1 || at > 64)
        {
            return false;
        }

        foreach (var c in folded)
        {
            // Printable ASCII without separators that could smuggle a second address.
            if (c <= ' ' || c > '~' || c is ',' or ';' or '<' or '>' or '(' or ')' or '"' or '\\' or '[' or ']' or ':')
            {
                return false;
            }
        }

        var domain = folded.AsSpan(at + 1);
        if (domain.IndexOf('.') <= 0 || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        normalized = folded;
        return true;
    }

    /// <summary>Normalises a phone number to E.164 (<c>+</c> and 7 to 15 digits, no leading zero).</summary>
    /// <param name="value">The value as typed; spaces, dots, hyphens and parentheses are dropped.</param>
    /// <param name="normalized">The E.164 number.</param>
    /// <returns>Whether the value is one valid phone number.</returns>
    public static bool TryNormalizePhone(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (value is null || value.Length > 40)
        {
            return false;
        }

        var builder = new StringBuilder(16);
        var trimmed = value.Trim();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '+' && i == 0)
            {
                builder.Append(c);
            }
            else if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        var e164 = builder.ToString();
        if (e164.Length is < 8 or > 16 || e164[0] != '+' || e164[1] == '0')
        {
            return false;
        }

        normalized = e164;
        return true;
    }

    /// <summary>Normalises an identifier typed on a logged-out screen: an email address or a phone number.</summary>
    /// <param name="value">The value as typed.</param>
    /// <param name="kind">Which kind it is.</param>
    /// <param name="normalized">The normalised value.</param>
    /// <returns>Whether the value is an email address or a phone number.</returns>
    public static bool TryNormalizeIdentifier(string? value, out ContactKind kind, [NotNullWhen(true)] out string? normalized)
    {
        // Told apart on the folded text, so a full-width or small commercial at reads as the '@' the email folds it to.
        kind = value is not null && Folded(value).Contains('@', StringComparison.Ordinal) ? ContactKind.Email : ContactKind.Phone;
        return TryNormalize(kind, value, out normalized);
    }

    private static string Folded(string value)
    {
        if (value.Length > 512)
        {
            return value; // refused as either kind
        }

        try
        {
            return value.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return value; // ill-formed UTF-16, refused as either kind
        }
    }
}
