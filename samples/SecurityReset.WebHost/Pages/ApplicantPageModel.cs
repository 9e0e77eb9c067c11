using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecurityReset.AspNetCore;

namespace SecurityReset.WebHost.Pages;

/// <summary>
/// The base of the applicant's step pages: the case and its applicant credential come from the protected
/// <c>sr-case</c> cookie (never from the URL), a page that does not fit the case's state sends the browser to the
/// one that does, and each action posts a form (anti-forgery checked by Razor Pages), then redirects on success or
/// shows the refusal. An answer that carries a new credential (every verified factor) reissues the cookie at once; a
/// cookie that no longer holds the case (a replaced credential, a superseded case) is dropped and the browser sent
/// back to the start, which says why. Every form carries a fresh idempotency key, so a double-click cannot run a step
/// twice.
/// </summary>
public abstract class ApplicantPageModel(SecurityResetService service, SecurityResetCaseHandles handles) : PageModel
{
    private ApplicantAccess? _access;

    protected SecurityResetService Service => service;

    /// <summary>The case as the applicant may see it.</summary>
    public ApplicantCaseView Case { get; private set; } = null!;

    /// <summary>The refusal to show, from this request or the one before a redirect.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>A confirmation to show after a redirect.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>The idempotency key of the submitted form.</summary>
    [BindProperty]
    public string? RequestKey { get; set; }

    public string? ErrorMessage => ErrorCode is null ? null : ApplicantMessages.For(ErrorCode);

    /// <summary>
    /// Whether a code to <paramref name="target"/> may still be on its way: the request is committed and the
    /// background delivery loop sends it, so the page says so rather than wait for the gateway.
    /// </summary>
    public bool CodeOnItsWay(VerificationTarget target) => Case.CodesOnTheirWay.Contains(target);

    /// <summary>A fresh key for the next form.</summary>
    public static string NewRequestKey() => Guid.NewGuid().ToString("N");

    public virtual async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    /// <summary>Cancels the case (any step page can).</summary>
    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        RunAsync((access, ct) => Service.CancelAsync(access, RequestKey, ct), cancellationToken);

    /// <summary>The page's path, as <see cref="StepPages"/> names it.</summary>
    protected abstract string PagePath { get; }

    /// <summary>Whether this page shows the case: <see cref="StepPages"/> decides from the actions the case reports.</summary>
    protected virtual bool Shows(ApplicantCaseView view) => StepPages.Shows(PagePath, view);

    /// <summary>Loads the case; returns a redirect when there is none, the browser no longer holds it, or another page shows it.</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (Access is not { } access)
        {
            return RedirectToPage(StepPages.Start);
        }

        var result = await service.GetCaseAsync(access, cancellationToken);
        if (!handles.FollowCookie(HttpContext, result) || result.View is null)
        {
            return LeaveCase(result);
        }

        Case = result.View;
        ErrorCode ??= TempData[nameof(ErrorCode)] as string;
        return Shows(Case) ? null : RedirectToPage(StepPages.For(Case));
    }

    /// <summary>
    /// Runs one step with the credential the browser holds: on success to the page of the new state, on refusal back
    /// to this page with the reason. A new credential in the answer replaces the cookie before anything else.
    /// </summary>
    protected async Task<IActionResult> RunAsync(Func<ApplicantAccess, CancellationToken, Task<ResetResult<ApplicantCaseView>>> call, CancellationToken cancellationToken, string? notice = null)
    {
        if (Access is not { } access)
        {
            return RedirectToPage(StepPages.Start);
        }

        var result = await call(access, cancellationToken);
        if (!handles.FollowCookie(HttpContext, result))
        {
            return LeaveCase(result);
        }

        _access = result.View?.Access ?? _access;

        if (result is { Succeeded: true, View: { } view })
        {
            Notice = notice;
            return RedirectToPage(StepPages.For(view));
        }

        return await RefusedAsync(result.Error?.Code ?? ErrorCodes.CaseNotFound, cancellationToken);
    }

    /// <summary>What the browser holds now: the cookie's access, or the one this request's answer replaced it with.</summary>
    private ApplicantAccess? Access
    {
        get
        {
            if (_access is null && handles.TryReadCookie(HttpContext, out var fromCookie))
            {
                _access = fromCookie;
            }

            return _access;
        }
    }

    /// <summary>The browser no longer holds the case (or there is none): its cookie goes, and the start page says why.</summary>
    private RedirectToPageResult LeaveCase(ResetResult<ApplicantCaseView> result)
    {
        handles.ClearCookie(HttpContext);
        if (result.Error?.Kind == ErrorKind.Denied || result.View?.State == CaseState.Superseded)
        {
            TempData[nameof(ErrorCode)] = ErrorCodes.CredentialInvalid;
        }

        return RedirectToPage(StepPages.Start);
    }

    /// <summary>
    /// Stores a form's file for the case the browser holds, through the package's upload checks (size, the case's
    /// quota, the container's structure, the SHA-256); the reference, or the error code of the refusal.
    /// </summary>
    protected async Task<(EvidenceReference? Reference, string? ErrorCode)> UploadAsync(IFormFile file, SecurityResetEvidenceKind kind, CancellationToken cancellationToken)
    {
        if (Access is not { } access)
        {
            return (null, ErrorCodes.CaseNotFound);
        }

        // Only whoever holds the case stores evidence for it.
        var held = await Service.GetCaseAsync(access, cancellationToken);
        if (held is not { Succeeded: true, View.State: not CaseState.Superseded })
        {
            return (null, held.Error?.Code ?? ErrorCodes.CredentialInvalid);
        }

        await using var content = file.OpenReadStream();
        var uploads = HttpContext.RequestServices.GetRequiredService<SecurityResetEvidenceUploads>();
        var result = await uploads.UploadAsync(access.CaseId, kind, content, file.Length, cancellationToken);
        return (result.Evidence?.ToReference(), result.ErrorCode);
    }

    /// <summary>Shows a refusal on this page, or on the page that now shows the case.</summary>
    protected async Task<IActionResult> RefusedAsync(string code, CancellationToken cancellationToken)
    {
        ErrorCode = code;
        var redirect = await LoadAsync(cancellationToken);
        if (redirect is not null)
        {
            // Another page shows the case now: the refusal goes along.
            TempData[nameof(ErrorCode)] = code;
            return redirect;
        }

        return Page();
    }
}
