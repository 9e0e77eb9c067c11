using FluentValidation;

namespace SecurityReset;

/// <summary>The shape of questionnaire answers: bounded lists of bounded, printable entries.</summary>
internal sealed class QuestionnaireAnswersValidator : AbstractValidator<QuestionnaireAnswers>
{
    public const int MaxEntries = 20;

    public static QuestionnaireAnswersValidator Instance { get; } = new();

    public QuestionnaireAnswersValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(a => a.RecentTrades).Must(BeAList).WithErrorCode(ErrorCodes.QuestionnaireInvalid).WithMessage(ListMessage);
        RuleFor(a => a.AssetHoldings).Must(BeAList).WithErrorCode(ErrorCodes.QuestionnaireInvalid).WithMessage(ListMessage);
        RuleFor(a => a.DepositAddresses).Must(BeAList).WithErrorCode(ErrorCodes.QuestionnaireInvalid).WithMessage(ListMessage);
        RuleFor(a => a.WithdrawalAddresses).Must(BeAList).WithErrorCode(ErrorCodes.QuestionnaireInvalid).WithMessage(ListMessage);
        RuleFor(a => a.AntiPhishingCode).Must(c => c is null || Text.IsClean(c, 64))
            .WithErrorCode(ErrorCodes.QuestionnaireInvalid).WithMessage("The anti-phishing code is too long or not printable.");
        RuleFor(a => a.Nickname).Must(n => n is null || Text.IsClean(n, 64))
            .WithErrorCode(ErrorCodes.QuestionnaireInvalid).WithMessage("The nickname is too long or not printable.");
    }

    private static string ListMessage => $"Each list holds at most {MaxEntries} printable entries of at most {Text.ShortMax} characters.";

    private static bool BeAList(IReadOnlyList<string>? entries)
    {
        if (entries is null || entries.Count > MaxEntries)
        {
            return false;
        }

        foreach (var entry in entries)
        {
            if (!Text.IsCleanNonBlank(entry, Text.ShortMax))
            {
                return false;
            }
        }

        return true;
    }
}
