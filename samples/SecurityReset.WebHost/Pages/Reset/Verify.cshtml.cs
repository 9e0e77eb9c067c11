using Microsoft.AspNetCore.Mvc;
using SecurityReset.WebHost.Demo;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>Step 2: verify every remaining item, or take the face-scan shortcut (Advanced KYC).</summary>
public sealed class VerifyModel(SecurityResetService service, CaseHandles handles, DemoFaceScanVendor vendor) : ApplicantPageModel(service, handles)
{
    public const string FaceScanSessionKey = "FaceScanSession";

    [BindProperty]
    public VerificationTarget Target { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public Task<IActionResult> OnPostRequestCodeAsync(CancellationToken cancellationToken) =>
        RunAsync((id, ct) => Service.RequestCodeAsync(id, Target, RequestKey, ct), cancellationToken); // the page then says the code is on its way

    public Task<IActionResult> OnPostVerifyCodeAsync(CancellationToken cancellationToken) =>
        RunAsync((id, ct) => Service.VerifyCodeAsync(id, Target, Code ?? string.Empty, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostAuthenticatorAsync(CancellationToken cancellationToken) =>
        RunAsync((id, ct) => Service.VerifyAuthenticatorAsync(id, Code ?? string.Empty, RequestKey, ct), cancellationToken);

    /// <summary>Hands over to the identity vendor's face scan with a new session, started for the account with the case id as its nonce.</summary>
    public async Task<IActionResult> OnPostFaceScanAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } redirect)
        {
            return redirect;
        }

        if (!Case.FaceScanOffered)
        {
            return await RefusedAsync(SecurityReset.ErrorCodes.FaceScanNotOffered, cancellationToken);
        }

        // The host side: it knows the case, hence the account the vendor compares the face with.
        if ((await Service.GetCaseForReviewAsync(Case.Id, cancellationToken)).View is not { } view)
        {
            return RedirectToPage(StepPages.Start);
        }

        TempData[FaceScanSessionKey] = vendor.StartSession(view.AccountId, Case.Id);
        return RedirectToPage("/Vendor/FaceScan");
    }

    public bool Needs(SecurityItems item) => (Case.RemainingItems & item) != 0;

    public bool Done(SecurityItems item) => (Case.VerifiedItems & item) != 0;

    protected override string PagePath => "/Reset/Verify";
}
