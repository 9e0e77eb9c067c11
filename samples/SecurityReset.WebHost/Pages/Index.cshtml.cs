using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages;

/// <summary>
/// The signed-out entry: the applicant types the account's email or phone. The answer is the same whether or
/// not an account exists (the library opens a stand-in case for an unknown identifier).
/// </summary>
public sealed class IndexModel(SecurityResetService service, CaseHandles handles, IConfiguration configuration, IWebHostEnvironment environment) : PageModel
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

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadOpenCaseAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (EntryPoint is not (EntryPoint.LoggedOutAfterPassword or EntryPoint.ForgotPassword))
        {
            EntryPoint = EntryPoint.LoggedOutAfterPassword;
        }

        var result = await service.OpenCaseAsync(OpenCaseRequest.SignedOut(Identifier ?? string.Empty, Channel.Web, EntryPoint), RequestKey, cancellationToken);
        if (result is { Succeeded: true, View: { } view })
        {
            handles.SetCookie(HttpContext, view.Id);
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
        CaseHandles.ClearCookie(HttpContext);
        return RedirectToPage();
    }

    private async Task LoadOpenCaseAsync(CancellationToken cancellationToken)
    {
        if (handles.TryReadCookie(HttpContext, out var id) && (await service.GetCaseAsync(id, cancellationToken)).View is { } view)
        {
            OpenCase = view;
        }
    }
}
