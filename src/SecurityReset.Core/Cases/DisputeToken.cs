namespace SecurityReset;

/// <summary>The keyed hash of one live "this wasn't me" token, and the bound channel whose notice carried it.</summary>
/// <param name="Hash">The keyed hash of the token (see <see cref="SecretKeyring.DisputeKey"/>).</param>
/// <param name="Channel">The channel the notice went to.</param>
internal sealed record DisputeToken(string Hash, ContactKind Channel);
