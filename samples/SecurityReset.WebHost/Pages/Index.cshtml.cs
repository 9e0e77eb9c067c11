using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages;

/// <summary>
/// The signed-out entry: the applicant types the account's email or phone. The answer is the same whether or
/// not an account exists (the library opens a stand-in case for an unknown identifier). The open's idempotency key
/// (the form's) is kept within this browser's scope: its anti-forgery cookie, which the form's check required.
/// </summary>
public sealed class IndexModel(
    SecurityResetService service, SecurityResetCaseHandles handles, IConfiguration configuration, IWebHostEnvironment environment, IOptions<AntiforgeryOptions> antiforgery)
    : PageModel
{
    [BindProperty]
    public string? Identifier { get; set; }

    [BindProperty]
    public EntryPoint EntryPoint { get; set; } = EntryPoint.LoggedOutAfterPassword;

    [BindProperty]
    public string? RequestKey { get; set; }

    public string? ErrorCode { get; private set; }

    public ApplicantCaseView? OpenCase { get; private set; }

    public string Store => CaseStorage.Describe(configuration);

    public bool ShowDemoAccounts => environment.IsDevelopment();

    internal static IReadOnlyList<DemoAccount> DemoAccountList => DemoAccounts.Showcase;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A step page sent the browser back: it no longer holds its case.
        ErrorCode = TempData[nameof(ErrorCode)] as string;
        await LoadOpenCaseAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (EntryPoint is not (EntryPoint.LoggedOutAfterPassword or EntryPoint.ForgotPassword))
        {
            EntryPoint = EntryPoint.LoggedOutAfterPassword;
        }

        var request = OpenCaseRequest.SignedOut(Identifier ?? string.Empty, Channel.Web, EntryPoint);
        var key = RequestKey;
        if (key is not null)
        {
            // A double-click gets this browser the same case (and credential); the same key from another browser is
            // another request. Without the browser's scope the open goes without a key.
            var browser = antiforgery.Value.Cookie.Name is { } cookie ? Request.Cookies[cookie] : null;
            if (string.IsNullOrEmpty(browser))
            {
                key = null;
            }
            else
            {
                request = request with { CallerScope = "browser:" + browser };
            }
        }

        var result = await service.OpenCaseAsync(request, key, cancellationToken);
        if (result is { Succeeded: true, View: { Access: { } access } view })
        {
            handles.SetCookie(HttpContext, access);
            return RedirectToPage(StepPages.For(view));
        }

        // Never the open case's view: whoever typed the identifier does not own that case.
        ErrorCode = result.ErrorCode;
        await LoadOpenCaseAsync(cancellationToken);
        return Page();
    }

    /// <summary>Starts over: forgets this browser's finished case.</summary>
    public IActionResult OnPostForget()
    {
        handles.ClearCookie(HttpContext);
        return RedirectToPage();
    }

    /// <summary>The case this browser holds, if its cookie still holds one; a cookie that no longer does is dropped.</summary>
    private async Task LoadOpenCaseAsync(CancellationToken cancellationToken)
    {
        if (!handles.TryReadCookie(HttpContext, out var access))
        {
            return;
        }

        var result = await service.GetCaseAsync(access, cancellationToken);
        if (!handles.FollowCookie(HttpContext, result))
        {
            ErrorCode ??= ErrorCodes.CredentialInvalid;
        }
        else if (result.View is { } view)
        {
            OpenCase = view;
        }
    }
}
