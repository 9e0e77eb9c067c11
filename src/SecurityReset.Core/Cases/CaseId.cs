using System.Diagnostics.CodeAnalysis;

namespace SecurityReset;

/// <summary>The identifier of a reset case. Immutable and thread-safe.</summary>
/// <param name="Value">The underlying GUID.</param>
public readonly record struct CaseId(Guid Value)
{
    /// <summary>
    /// Creates a new identifier with 122 random bits from the CSPRNG: a logged-out applicant holds the case by
    /// its id, so it must not be guessable.
    /// </summary>
    /// <returns>A new identifier.</returns>
    public static CaseId New() => new(Guid.NewGuid());

    /// <summary>Parses the text form produced by <see cref="ToString"/>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The identifier when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a case identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out CaseId id)
    {
        if (Guid.TryParseExact(text, "N", out var value) || Guid.TryParseExact(text, "D", out value))
        {
            id = new(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>The identifier as 32 hexadecimal digits.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Value.ToString("N");
}
