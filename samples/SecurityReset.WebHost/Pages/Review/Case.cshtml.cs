using Microsoft.AspNetCore.Mvc;

namespace SecurityReset.WebHost.Pages.Review;

/// <summary>
/// One case for the reviewer: the evidence, the questionnaire score and the audit trail; claim, approve,
/// reject with a reason, or ask for more information. The case id is in this path: only the applicant's
/// protected handle lets anyone act as the applicant, so the bare id grants nothing outside this area.
/// </summary>
public sealed class CaseModel(SecurityResetService service) : ReviewerPageModel
{
    /// <summary>Reason codes offered in the forms (any code of a–z, 0–9, '.', '_', '-' is accepted).</summary>
    public static IReadOnlyList<string> ReasonCodes { get; } =
        ["document.unclear", "document.mismatch", "video.unclear", "statement.mismatch", "questionnaire.low_score", "proofs.insufficient", "fraud.suspected"];

    public ReviewerCaseView View { get; private set; } = null!;

    public string? ErrorCode { get; private set; }

    [BindProperty]
    public string? ReasonCode { get; set; }

    [BindProperty]
    public List<AmendableItems> Amend { get; set; } = [];

    [BindProperty]
    public string? RequestKey { get; set; }

    public bool ClaimedByMe => View.State == CaseState.UnderReview && View.ReviewerId == ReviewerId;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostClaimAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, (caseId, ct) => service.ClaimAsync(caseId, ReviewerId, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, (caseId, ct) => service.ApproveAsync(caseId, ReviewerId, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, (caseId, ct) => service.RejectAsync(caseId, ReviewerId, ReasonCode ?? string.Empty, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostRequestInformationAsync(string id, CancellationToken cancellationToken)
    {
        var items = Amend.Aggregate(AmendableItems.None, (all, item) => all | item);
        return ActAsync(id, (caseId, ct) => service.RequestInformationAsync(caseId, ReviewerId, items, ReasonCode ?? string.Empty, RequestKey, ct), cancellationToken);
    }

    private async Task<IActionResult> ActAsync(string id, Func<CaseId, CancellationToken, Task<ResetResult<ReviewerCaseView>>> action, CancellationToken cancellationToken)
    {
        if (!CaseId.TryParse(id, out var caseId))
        {
            return NotFound();
        }

        var result = await action(caseId, cancellationToken);
        if (result.Succeeded)
        {
            return RedirectToPage(new { id });
        }

        ErrorCode = result.ErrorCode;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (!CaseId.TryParse(id, out var caseId) || (await service.GetCaseForReviewAsync(caseId, ReviewerId, cancellationToken)).View is not { } view)
        {
            return false;
        }

        View = view;
        return true;
    }
}
