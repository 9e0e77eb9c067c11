using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SecurityReset.WebHost.Pages;

/// <summary>
/// The "this wasn't me" page a notice links to: the owner of an account, warned on a channel bound before the case that
/// someone asked for a reset, says it was not them. It needs no case cookie (the owner is not the applicant); the
/// notice's single-use token is the whole capability. The token arrives in the link's query and goes on in the form's
/// body, so the answer page's address does not carry it.
/// </summary>
public sealed class DisputeModel(SecurityResetService service) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? RequestKey { get; set; }

    public string? ErrorCode { get; private set; }

    public DisputeReceipt? Receipt { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await service.DisputeAsync(Token ?? string.Empty, Reason ?? string.Empty, RequestKey, cancellationToken);
        if (result is { Succeeded: true, View: { } receipt })
        {
            Receipt = receipt;
            Token = null;
            return Page();
        }

        ErrorCode = result.ErrorCode;
        if (ErrorCode == ErrorCodes.DisputeTokenInvalid)
        {
            Token = null;
        }

        return Page();
    }
}
