using Microsoft.AspNetCore.Mvc;
using SecurityReset.WebHost.Demo;
using SecurityReset.WebHost.Hosting;
using SecurityReset.WebHost.Pages.Reset;

namespace SecurityReset.WebHost.Pages.Vendor;

/// <summary>
/// The demo identity vendor's face-scan page (development only). A real vendor scans on its own page or SDK
/// and reports to the host; here the applicant picks the outcome, the "vendor" records it, and the host then
/// asks the library to fetch the session's result (<c>RecordFaceScanAsync</c>): the outcome is never taken
/// from the browser's word to the library.
/// </summary>
public sealed class FaceScanModel(SecurityResetService service, CaseHandles handles, DemoFaceScanVendor vendor) : ApplicantPageModel(service, handles)
{
    [BindProperty]
    public string? SessionId { get; set; }

    [BindProperty]
    public bool Passed { get; set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } redirect)
        {
            return redirect;
        }

        SessionId = TempData[VerifyModel.FaceScanSessionKey] as string;
        return SessionId is null ? RedirectToPage(StepPages.For(Case)) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(SessionId))
        {
            return RedirectToPage(StepPages.Start);
        }

        // Only whoever holds the case gets to scan for it.
        if (await LoadAsync(cancellationToken) is { } redirect)
        {
            return redirect;
        }

        // The vendor side: the scan ran for the account the host opened the session for.
        var review = await Service.GetCaseForReviewAsync(Case.Id, cancellationToken);
        if (review.View is not { } view)
        {
            return RedirectToPage(StepPages.Start);
        }

        vendor.Complete(view.AccountId, SessionId, Passed);

        // The host side: fetch the result from the vendor through the library; a match replaces the credential.
        return await RunAsync((access, ct) => Service.RecordFaceScanAsync(access, SessionId, RequestKey, ct), cancellationToken,
            Passed ? "The face scan matched." : null);
    }

    protected override string PagePath => "/Vendor/FaceScan";

    protected override bool Shows(ApplicantCaseView view) => view.FaceScanOffered;
}
