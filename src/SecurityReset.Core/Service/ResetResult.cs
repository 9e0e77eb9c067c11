using System.Text.Json.Serialization;

namespace SecurityReset;

/// <summary>
/// The answer to one service call: the view of the case after it, and the error when the call did not succeed.
/// A counted failure (a wrong code) carries both: the error and the case as it now stands. Immutable.
/// </summary>
/// <typeparam name="TView">The view type: <see cref="ApplicantCaseView"/>, <see cref="ReviewerCaseView"/> or <see cref="ReviewQueuePage"/>.</typeparam>
/// <param name="Error">Why the call did not succeed, or <see langword="null"/>.</param>
/// <param name="View">The case after the call (for the review queue, the page), or <see langword="null"/> when there is none to show.</param>
public sealed record ResetResult<TView>(ResetError? Error, TView? View)
    where TView : class
{
    /// <summary>Whether the call succeeded.</summary>
    [JsonIgnore]
    public bool Succeeded => Error is null;

    /// <summary>The error code, or <see langword="null"/> on success.</summary>
    [JsonIgnore]
    public string? ErrorCode => Error?.Code;
}
