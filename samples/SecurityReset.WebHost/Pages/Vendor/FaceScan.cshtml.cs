using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;
using SecurityReset.WebHost.Demo;

namespace SecurityReset.WebHost.Pages.Vendor;

/// <summary>
/// The demo identity vendor's face-scan page (development only). A real vendor scans on its own page or SDK
/// and reports to the host; here the applicant picks the outcome, the "vendor" records it, and the host then
/// asks the library to fetch the session's result for the case (<c>RecordFaceScanAsync</c>): the outcome is never
/// taken from the browser's word to the library, and the session counts only for the case it was started for.
/// </summary>
public sealed class FaceScanModel(SecurityResetService service, SecurityResetCaseHandles handles, DemoFaceScanVendor vendor) : ApplicantPageModel(service, handles)
{
    public const string FaceScanSessionKey = "FaceScanSession";

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

        SessionId = TempData[FaceScanSessionKey] as string;
        return SessionId is null ? RedirectToPage(StepPages.For(Case)) : Page();
    }

    /// <summary>
    /// The host hands over to the vendor's face scan (from any page that offers it) with a new session, started for the
    /// account with the case id as its nonce.
    /// </summary>
    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } redirect)
        {
            return redirect;
        }

        // The host side: it knows the case, hence the account the vendor compares the face with.
        if ((await Service.GetCaseForReviewAsync(Case.Id, "demo-face-scan-vendor", cancellationToken)).View is not { } view)
        {
            return RedirectToPage(StepPages.Start);
        }

        TempData[FaceScanSessionKey] = vendor.StartSession(view.AccountId, Case.Id);
        return RedirectToPage();
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

        // The vendor side: the scan ran for the account and the case the host started the session for.
        try
        {
            vendor.Complete(SessionId, Passed);
        }
        catch (KeyNotFoundException)
        {
            return RedirectToPage(StepPages.Start);
        }

        // The host side: fetch the result from the vendor through the library; a match replaces the credential.
        return await RunAsync((access, ct) => Service.RecordFaceScanAsync(access, SessionId, RequestKey, ct), cancellationToken,
            Passed ? "The face scan matched." : null);
    }

    protected override string PagePath => "/Vendor/FaceScan";

    protected override bool Shows(ApplicantCaseView view) => view.FaceScanOffered;
}
