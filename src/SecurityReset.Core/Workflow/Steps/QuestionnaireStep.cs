using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 3 — the Account Information Questionnaire, when the policy requires it. Answers are scored against the
/// account for the reviewer; the applicant never learns which were right.
/// </summary>
internal static class QuestionnaireStep
{
    public static Guard AnswersWellFormed { get; } = Guard.OnInput(
        "answers well-formed", ErrorCodes.QuestionnaireInvalid,
        c => QuestionnaireAnswersValidator.Instance.FirstError(c.Input<AnswerQuestionnaire>().Answers, ErrorCodes.QuestionnaireInvalid)!.Message, // asked only once the rule refused
        c => QuestionnaireAnswersValidator.Instance.FirstError(c.Input<AnswerQuestionnaire>().Answers, ErrorCodes.QuestionnaireInvalid) is null);

    public static Guard ScoreWellFormed { get; } = Guard.OnInput(
        "score well-formed", ErrorCodes.QuestionnaireInvalid, "The score is malformed.",
        c => c.Input<AnswerQuestionnaire>().Score is { Points: >= 0 } score && score.Points <= score.MaxPoints);

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.Questionnaire), CaseTrigger.AnswerQuestionnaire, Who.Applicant,
            [AnswersWellFormed, ScoreWellFormed],
            Destinations.OneOf((S.SupplementaryProofs, "proofs next"), (S.IdentityVerification, "identity next"), (S.ReadyToSubmit, "nothing more required")),
            Answer),
        new(StateGroup.Of(S.InformationRequested), CaseTrigger.AnswerQuestionnaire, Who.Applicant,
            [AnswersWellFormed, ScoreWellFormed, Amendments.Named(AmendableItems.Questionnaire, "questionnaire named")],
            Destinations.Stay, Answer),
    ];

    private static Decision Answer(CommandContext c)
    {
        var (answers, score) = c.Input<AnswerQuestionnaire>();

        // The anti-phishing code is a secret of the account: it is scored, never kept.
        var record = new QuestionnaireRecord(answers with { AntiPhishingCode = null }, score);
        return c.MoveOn(c.Amended(AmendableItems.Questionnaire) with { Questionnaire = record }, CaseEventTypes.QuestionnaireAnswered, $"{score.Points}/{score.MaxPoints}");
    }
}
