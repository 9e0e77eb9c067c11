using System.Security.Cryptography;
using System.Text;

namespace SecurityReset;

/// <summary>
/// Scores answers against the account's facts, one point per section the facts know: a list section scores
/// when at least half of the applicant's entries match; the anti-phishing code must match exactly (compared in
/// constant time), the nickname case-insensitively. Only reviewers see the result.
/// </summary>
internal static class QuestionnaireScorer
{
    public static QuestionnaireScore Score(QuestionnaireAnswers answers, QuestionnaireAnswers? facts)
    {
        if (facts is null)
        {
            return new QuestionnaireScore(0, 0);
        }

        var points = 0;
        var max = 0;
        Section(answers.RecentTrades, facts.RecentTrades, ref points, ref max);
        Section(answers.AssetHoldings, facts.AssetHoldings, ref points, ref max);
        Section(answers.DepositAddresses, facts.DepositAddresses, ref points, ref max);
        Section(answers.WithdrawalAddresses, facts.WithdrawalAddresses, ref points, ref max);
        if (!string.IsNullOrEmpty(facts.AntiPhishingCode))
        {
            max++;
            if (answers.AntiPhishingCode is not null
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(answers.AntiPhishingCode.Trim()), Encoding.UTF8.GetBytes(facts.AntiPhishingCode)))
            {
                points++;
            }
        }

        if (!string.IsNullOrEmpty(facts.Nickname))
        {
            max++;
            if (string.Equals(answers.Nickname?.Trim(), facts.Nickname, StringComparison.OrdinalIgnoreCase))
            {
                points++;
            }
        }

        return new QuestionnaireScore(points, max);
    }

    private static void Section(IReadOnlyList<string> given, IReadOnlyList<string> known, ref int points, ref int max)
    {
        if (known.Count == 0)
        {
            return;
        }

        max++;
        if (given.Count == 0)
        {
            return;
        }

        var matches = 0;
        foreach (var entry in given)
        {
            foreach (var fact in known)
            {
                if (string.Equals(entry.Trim(), fact, StringComparison.OrdinalIgnoreCase))
                {
                    matches++;
                    break;
                }
            }
        }

        if (matches * 2 >= given.Count)
        {
            points++;
        }
    }
}
