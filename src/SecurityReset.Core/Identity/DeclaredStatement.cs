namespace SecurityReset;

/// <summary>
/// What the sheet of paper in the verification video states. The case keeps the email and phone masked.
/// Immutable and thread-safe.
/// </summary>
/// <param name="Uid">The account UID written on the sheet; must match the account.</param>
/// <param name="Email">The email written on the sheet (masked once recorded).</param>
/// <param name="Phone">The phone written on the sheet (masked once recorded).</param>
/// <param name="Date">The date written on the sheet; must be today at <paramref name="UtcOffset"/>.</param>
/// <param name="UtcOffset">The applicant's declared offset from UTC, between −14 and +14 hours.</param>
/// <param name="Reason">The reason for the reset; must not be blank.</param>
public sealed record DeclaredStatement(string Uid, string Email, string Phone, DateOnly Date, TimeSpan UtcOffset, string Reason)
{
    /// <summary>Shows the date and offset only: the contacts and the reason are personal data.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"DeclaredStatement {{ Date = {Date:yyyy-MM-dd}, UtcOffset = {UtcOffset} }}";
}
