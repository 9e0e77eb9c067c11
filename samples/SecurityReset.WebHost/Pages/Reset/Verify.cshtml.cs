using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>Step 2: verify every remaining item, or take the face-scan shortcut (Advanced KYC; its form posts to the vendor page).</summary>
public sealed class VerifyModel(SecurityResetService service, SecurityResetCaseHandles handles) : ApplicantPageModel(service, handles)
{
    [BindProperty]
    public VerificationTarget Target { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public Task<IActionResult> OnPostRequestCodeAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.RequestCodeAsync(access, Target, RequestKey, ct), cancellationToken); // the page then says the code is on its way

    public Task<IActionResult> OnPostVerifyCodeAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.VerifyCodeAsync(access, Target, Code ?? string.Empty, RequestKey, ct), cancellationToken);

    public Task<IActionResult> OnPostAuthenticatorAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.VerifyAuthenticatorAsync(access, Code ?? string.Empty, RequestKey, ct), cancellationToken);

    public bool Needs(SecurityItems item) => (Case.RemainingItems & item) != 0;

    public bool Done(SecurityItems item) => (Case.VerifiedItems & item) != 0;

    protected override string PagePath => "/Reset/Verify";
}
