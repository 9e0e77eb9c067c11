
namespace SecurityReset;

/// <summary>
/// The email and phone written on the verification video's statement as the workflow compares them: keyed fingerprints
/// of the values normalised as new contacts are (<see cref="ContactNormalizer"/>), or <see langword="null"/> for a field
/// that is blank or holds no valid contact. Immutable and thread-safe.
/// </summary>
/// <param name="EmailFingerprint">The fingerprint of the statement's email, or <see langword="null"/>.</param>
/// <param name="PhoneFingerprint">The fingerprint of the statement's phone, or <see langword="null"/>.</param>
internal sealed record StatementContacts(string? EmailFingerprint, string? PhoneFingerprint)
{
    /// <summary>A statement whose email and phone hold no valid contact.</summary>
    public static StatementContacts None { get; } = new(null, null);
}
