using Microsoft.AspNetCore.Mvc;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages.Reset;

/// <summary>Step 6 when no further step was required (the face-scan path): submit.</summary>
public sealed class SubmitModel(SecurityResetService service, SecurityResetCaseHandles handles) : ApplicantPageModel(service, handles)
{
    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.SubmitAsync(access, RequestKey, ct), cancellationToken, "Your application was submitted.");

    protected override string PagePath => "/Reset/Submit";
}
