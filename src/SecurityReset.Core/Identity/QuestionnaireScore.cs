using System.Text.Json.Serialization;

namespace SecurityReset;

/// <summary>How well the answers matched the account's real data. Shown to reviewers only, never to the applicant.</summary>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
public sealed record QuestionnaireScore(int Points, int MaxPoints)
{
    /// <summary>The score as a fraction between 0 and 1 (0 when nothing could be scored).</summary>
    [JsonIgnore]
    public double Ratio => MaxPoints == 0 ? 0 : (double)Points / MaxPoints;
}
