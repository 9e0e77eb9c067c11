namespace SecurityReset;

/// <summary>The stored questionnaire: the answers without the anti-phishing code, and their score.</summary>
/// <param name="Answers">The answers, <see cref="QuestionnaireAnswers.AntiPhishingCode"/> removed.</param>
/// <param name="Score">The score against the account's data.</param>
internal sealed record QuestionnaireRecord(QuestionnaireAnswers Answers, QuestionnaireScore Score);
