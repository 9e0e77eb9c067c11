
namespace SecurityReset;

/// <summary>One case in the review queue: enough to pick it; the whole picture comes with <see cref="SecurityResetService.GetCaseForReviewAsync"/>. Immutable.</summary>
/// <param name="Id">The case.</param>
/// <param name="AccountId">The account the reset is for.</param>
/// <param name="Channel">Web or app.</param>
/// <param name="State">Submitted, or under review once claimed.</param>
/// <param name="SubmittedAt">When it was submitted: the queue's order.</param>
/// <param name="ReviewerId">The reviewer who claimed it, if any.</param>
/// <param name="SelectedItems">The items the applicant lost.</param>
/// <param name="VerificationMethod">How the remaining items were verified.</param>
/// <param name="QuestionnaireScore">The questionnaire's score, when one was required.</param>
public sealed record ReviewQueueItem(
    CaseId Id,
    string AccountId,
    Channel Channel,
    CaseState State,
    DateTimeOffset SubmittedAt,
    string? ReviewerId,
    SecurityItems SelectedItems,
    VerificationMethod VerificationMethod,
    QuestionnaireScore? QuestionnaireScore);
