using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages;

/// <summary>
/// The base of the applicant's step pages: the case comes from the protected <c>sr-case</c> cookie (never
/// from the URL), a page that does not fit the case's state sends the browser to the one that does, and each
/// action posts a form (anti-forgery checked by Razor Pages), then redirects on success or shows the refusal.
/// Every form carries a fresh idempotency key, so a double-click cannot run a step twice.
/// </summary>
public abstract class ApplicantPageModel(SecurityResetService service, CaseHandles handles) : PageModel
{
    protected SecurityResetService Service => service;

    protected CaseHandles Handles => handles;

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
        RunAsync((id, ct) => Service.CancelAsync(id, RequestKey, ct), cancellationToken);

    /// <summary>The page's path, as <see cref="StepPages"/> names it.</summary>
    protected abstract string PagePath { get; }

    /// <summary>Whether this page shows the case: <see cref="StepPages"/> decides from the actions the case reports.</summary>
    protected virtual bool Shows(ApplicantCaseView view) => StepPages.Shows(PagePath, view);

    /// <summary>Loads the case; returns a redirect when there is none or another page shows it.</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!handles.TryReadCookie(HttpContext, out var id))
        {
            return RedirectToPage(StepPages.Start);
        }

        var result = await service.GetCaseAsync(id, cancellationToken);
        if (result.View is null)
        {
            CaseHandles.ClearCookie(HttpContext);
            return RedirectToPage(StepPages.Start);
        }

        Case = result.View;
        ErrorCode ??= TempData[nameof(ErrorCode)] as string;
        return Shows(Case) ? null : RedirectToPage(StepPages.For(Case));
    }

    /// <summary>Runs one step: on success to the page of the new state, on refusal back to this page with the reason.</summary>
    protected async Task<IActionResult> RunAsync(Func<CaseId, CancellationToken, Task<ResetResult<ApplicantCaseView>>> call, CancellationToken cancellationToken, string? notice = null)
    {
        if (!handles.TryReadCookie(HttpContext, out var id))
        {
            return RedirectToPage(StepPages.Start);
        }

        var result = await call(id, cancellationToken);
        if (result is { Succeeded: true, View: { } view })
        {
            Notice = notice;
            return RedirectToPage(StepPages.For(view));
        }

        return await RefusedAsync(result.Error?.Code ?? ErrorCodes.CaseNotFound, cancellationToken);
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
