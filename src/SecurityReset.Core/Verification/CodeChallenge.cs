namespace SecurityReset;

/// <summary>
/// The code state of one destination in one case. Only a keyed hash of the live code is held. Failures count
/// per destination across resends, so a resend never buys more guesses. Immutable and thread-safe.
/// </summary>
/// <param name="Target">The destination.</param>
/// <param name="CodeHash">The keyed hash of the live code (base64), or <see langword="null"/> once it was used or burnt.</param>
/// <param name="IssuedAt">When the live (or last) code was issued.</param>
/// <param name="ExpiresAt">When the live (or last) code stops being accepted.</param>
/// <param name="CodesIssued">How many codes this destination received in this case.</param>
/// <param name="FailedAttempts">How many wrong codes were entered for this destination in this case.</param>
/// <param name="Verified">Whether a code for this destination was accepted.</param>
internal sealed record CodeChallenge(
    VerificationTarget Target,
    string? CodeHash,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    int CodesIssued,
    int FailedAttempts,
    bool Verified);
