using System.Globalization;

namespace SecurityReset;

/// <summary>
/// A "this wasn't me" received for a case: which channel bound before the case it came through (masked) and when.
/// A flag for the reviewer, not a verdict: whoever disputes may hold one stolen channel. Immutable.
/// </summary>
/// <param name="Channel">Email or SMS: the channel whose notice carried the token.</param>
/// <param name="MaskedAddress">That channel, masked as the case saw it at opening.</param>
/// <param name="At">When the dispute came in.</param>
/// <param name="StateAtDispute">Where the case stood then (for example <see cref="CaseState.Approved"/>, which held the reset).</param>
/// <param name="Reason">What the disputer wrote: their words, unchecked.</param>
public sealed record DisputeFlag(ContactKind Channel, string MaskedAddress, DateTimeOffset At, CaseState StateAtDispute, string Reason)
{
    /// <summary>Never shows the disputer's words, which may be personal.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() =>
        $"DisputeFlag {{ Channel = {Channel}, At = {At.ToString("O", CultureInfo.InvariantCulture)}, StateAtDispute = {StateAtDispute} }}";
}
