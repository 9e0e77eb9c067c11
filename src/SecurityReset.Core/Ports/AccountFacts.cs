namespace SecurityReset.Ports;

/// <summary>The account's real data the questionnaire is scored against. Never shown to the applicant.</summary>
/// <param name="RecentTrades">Recently traded symbols or pairs.</param>
/// <param name="AssetHoldings">Assets held.</param>
/// <param name="DepositAddresses">Frequently used deposit addresses.</param>
/// <param name="WithdrawalAddresses">Frequently used withdrawal addresses.</param>
/// <param name="AntiPhishingCode">The anti-phishing code, or <see langword="null"/> when none is set.</param>
/// <param name="Nickname">The nickname, or <see langword="null"/>.</param>
public sealed record AccountFacts(
    IReadOnlyList<string> RecentTrades,
    IReadOnlyList<string> AssetHoldings,
    IReadOnlyList<string> DepositAddresses,
    IReadOnlyList<string> WithdrawalAddresses,
    string? AntiPhishingCode,
    string? Nickname)
{
    /// <summary>Never shows the facts.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => "AccountFacts { … }";
}
