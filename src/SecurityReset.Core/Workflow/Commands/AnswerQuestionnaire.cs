
namespace SecurityReset.Workflow.Commands;

/// <summary>The applicant's questionnaire answers and their score (computed by the service; never shown to the applicant).</summary>
/// <param name="Answers">The answers.</param>
/// <param name="Score">Their score against the account's data.</param>
internal sealed record AnswerQuestionnaire(QuestionnaireAnswers Answers, QuestionnaireScore Score) : CaseCommand
{
    /// <inheritdoc />
    public override CaseTrigger Trigger => CaseTrigger.AnswerQuestionnaire;
}
