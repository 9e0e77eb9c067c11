namespace SecurityReset.WebHost.Hosting;

/// <summary>The development-only reviewer sign-in: a cookie scheme and a policy over a fixed demo reviewer list.</summary>
internal static class ReviewerAuth
{
    public const string Scheme = "Reviewer";
    public const string Policy = "Reviewer";
    public const string RoleClaim = "securityreset:role";
    public const string CookieName = "sr-reviewer";
}
