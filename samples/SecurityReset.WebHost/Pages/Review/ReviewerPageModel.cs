using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SecurityReset.WebHost.Pages.Review;

/// <summary>The base of the reviewer pages (the folder requires the reviewer policy).</summary>
public abstract class ReviewerPageModel : PageModel
{
    public string ReviewerId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public string ReviewerName => User.FindFirstValue(ClaimTypes.Name) ?? ReviewerId;
}
