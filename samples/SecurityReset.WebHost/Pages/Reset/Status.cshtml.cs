using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>After submission: where the application stands; amendments and resubmission when the reviewer asks.</summary>
public sealed class StatusModel(SecurityResetService service, SecurityResetCaseHandles handles) : ApplicantPageModel(service, handles)
{
    public Task<IActionResult> OnPostResubmitAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.SubmitAsync(access, RequestKey, ct), cancellationToken, "Your application was resubmitted.");

    /// <summary>The pages where each requested item is amended.</summary>
    public IEnumerable<(string Name, string Page, bool Done)> Amendments()
    {
        var requested = Case.RequestedAmendments;
        if (requested.HasFlag(AmendableItems.Questionnaire))
        {
            yield return ("Account Information Questionnaire", "/reset/questionnaire", false);
        }

        if (requested.HasFlag(AmendableItems.SupplementaryProofs))
        {
            yield return ("Supplementary proof materials", "/reset/proofs", false);
        }

        if (requested.HasFlag(AmendableItems.IdentityDocument))
        {
            yield return ("ID document", "/reset/identity", false);
        }

        if (requested.HasFlag(AmendableItems.VerificationVideo))
        {
            yield return ("Verification video", "/reset/identity", false);
        }
    }

    protected override string PagePath => StepPages.Status;
}
