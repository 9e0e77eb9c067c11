using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SecurityReset.WebHost.Demo;
using SecurityReset.WebHost.Hosting;

namespace SecurityReset.WebHost.Pages.Review;

/// <summary>
/// The reviewer sign-in. In Development: pick one of the fixed demo reviewers, no password. Elsewhere: the id and
/// password of a member of the configured staff list (<see cref="Hosting.WebHostOptions.Staff"/>), checked against its PBKDF2
/// hash; a wrong id and a wrong password get the same answer after the same work.
/// </summary>
public sealed class SignInModel(IWebHostEnvironment environment, IOptions<WebHostOptions> options) : PageModel
{
    // Hashed once, so that an unknown id costs as much as a known one with a wrong password.
    private static readonly Lazy<string> NobodysHash = new(() => StaffPasswords.Hash(Guid.NewGuid().ToString()));

    [BindProperty]
    public string? ReviewerId { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Refused { get; private set; }

    /// <summary>Whether the demo reviewers sign in (Development) rather than the staff list.</summary>
    public bool Demo => environment.IsDevelopment();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        string? name;
        if (Demo)
        {
            name = DemoReviewers.All.FirstOrDefault(r => r.Id == ReviewerId).Name;
        }
        else
        {
            var member = options.Value.Staff.FirstOrDefault(m => string.Equals(m.Id, ReviewerId, StringComparison.Ordinal));
            var matches = StaffPasswords.Verify(member?.PasswordHash ?? NobodysHash.Value, Password);
            name = matches && member is not null ? member.Name : null;
        }

        if (string.IsNullOrEmpty(name))
        {
            Refused = true;
            return Page();
        }

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
