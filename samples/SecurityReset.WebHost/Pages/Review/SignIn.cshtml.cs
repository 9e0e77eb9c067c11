using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SecurityReset.WebHost.Demo;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages.Review;

/// <summary>
/// The development-only reviewer sign-in: pick one of the fixed demo reviewers. There is no password because
/// the page exists only in Development; a real host signs reviewers in through its staff identity provider.
/// </summary>
public sealed class SignInModel : PageModel
{
    [BindProperty]
    public string? ReviewerId { get; set; }

    public bool Refused { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!DemoReviewers.IsKnown(ReviewerId))
        {
            Refused = true;
            return Page();
        }

        var name = DemoReviewers.All.First(r => r.Id == ReviewerId).Name;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, ReviewerId!), new Claim(ClaimTypes.Name, name), new Claim(ReviewerAuth.RoleClaim, "reviewer")],
            ReviewerAuth.Scheme);
        await HttpContext.SignInAsync(ReviewerAuth.Scheme, new ClaimsPrincipal(identity));
        return RedirectToPage("/Review/Index");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ReviewerAuth.Scheme);
        return RedirectToPage();
    }
}
