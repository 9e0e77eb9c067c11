namespace SecurityReset;

/// <summary>
/// Answers to the account information questionnaire. The anti-phishing code is scored and then dropped: the case
/// never stores it. The account directory gives the account's real answers in the same shape to score against; those
/// are never shown to the applicant. Immutable and thread-safe.
/// </summary>
/// <param name="RecentTrades">Recently traded symbols or pairs, such as <c>BTC/USDT</c>.</param>
/// <param name="AssetHoldings">Assets held, such as <c>BTC</c>.</param>
/// <param name="DepositAddresses">Frequently used deposit addresses.</param>
/// <param name="WithdrawalAddresses">Frequently used withdrawal addresses.</param>
/// <param name="AntiPhishingCode">The anti-phishing code set for the account, if the applicant remembers it.</param>
/// <param name="Nickname">The account nickname, if the applicant remembers it.</param>
public sealed record QuestionnaireAnswers(
    IReadOnlyList<string> RecentTrades,
    IReadOnlyList<string> AssetHoldings,
    IReadOnlyList<string> DepositAddresses,
    IReadOnlyList<string> WithdrawalAddresses,
    string? AntiPhishingCode,
    string? Nickname)
{
    /// <summary>Never shows the answers: they prove who the applicant is, and the anti-phishing code is a secret.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => "QuestionnaireAnswers { … }";
}
