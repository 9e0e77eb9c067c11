using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>Step 3: the Account Information Questionnaire (also when a reviewer asks to amend it).</summary>
public sealed class QuestionnaireModel(SecurityResetService service, SecurityResetCaseHandles handles) : ApplicantPageModel(service, handles)
{
    [BindProperty]
    public string? RecentTrades { get; set; }

    [BindProperty]
    public string? AssetHoldings { get; set; }

    [BindProperty]
    public string? DepositAddresses { get; set; }

    [BindProperty]
    public string? WithdrawalAddresses { get; set; }

    [BindProperty]
    public string? AntiPhishingCode { get; set; }

    [BindProperty]
    public string? Nickname { get; set; }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var answers = new QuestionnaireAnswers(
            Lines(RecentTrades), Lines(AssetHoldings), Lines(DepositAddresses), Lines(WithdrawalAddresses),
            Blank(AntiPhishingCode), Blank(Nickname));
        return RunAsync((access, ct) => Service.AnswerQuestionnaireAsync(access, answers, RequestKey, ct), cancellationToken, "Your answers were recorded.");
    }

    protected override string PagePath => "/Reset/Questionnaire";

    /// <summary>One entry per line, blank lines dropped.</summary>
    internal static string[] Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
