using System.Security.Claims;

namespace SecurityReset.AspNetCore;

/// <summary>
/// How the ASP.NET Core endpoints behave: where the signed-in account and the reviewer come from, how long a case
/// handle lasts, and the abuse guards in front of the library's own account-level limits. Bind it from configuration
/// (<c>services.AddSecurityResetApi(configuration.GetSection("SecurityResetApi"))</c>) or set it in code.
/// </summary>
public sealed class SecurityResetApiOptions
{
    /// <summary>The default name of the policy in front of opening a case (per client address).</summary>
    public const string DefaultOpenCasePolicy = "securityreset-open-case";

    /// <summary>The default name of the policy in front of asking for a code (per case).</summary>
    public const string DefaultRequestCodePolicy = "securityreset-request-code";

    /// <summary>The default name of the policy in front of checking a code or an authenticator code (per case).</summary>
    public const string DefaultCheckCodePolicy = "securityreset-check-code";

    /// <summary>
    /// The claim of the host's signed-in user that holds the account id for a signed-in open. Default
    /// <see cref="ClaimTypes.NameIdentifier"/>. The account id is never read from a request body.
    /// </summary>
    public string AccountIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>
    /// The claim of the reviewer's principal that holds the reviewer id. Default <see cref="ClaimTypes.NameIdentifier"/>.
    /// The reviewer id is never read from a request body.
    /// </summary>
    public string ReviewerIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>The channel recorded for cases opened through the API. Default <see cref="SecurityReset.Channel.App"/>.</summary>
    public Channel Channel { get; set; } = Channel.App;

    /// <summary>How long a case handle stays readable. Default 30 days; the library refuses a stale credential sooner.</summary>
    public TimeSpan HandleLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The name of the cookie that carries the case handle as well as the <c>X-Reset-Case</c> header, for a host whose
    /// browser pages or scripts hold the case; <see langword="null"/> (the default) for none: the handle travels in the
    /// header only, as an app expects, and no cookie is read or set. The cookie is HttpOnly, SameSite=Strict, Secure on
    /// HTTPS, limited to <see cref="CaseCookiePath"/> and kept for <see cref="HandleLifetime"/>. A request the cookie
    /// authenticates (no header) must pass ASP.NET Core antiforgery validation unless it is a GET.
    /// </summary>
    public string? CaseCookieName { get; set; }

    /// <summary>
    /// The path the case cookie is sent to. Default <c>/</c>: narrow it to the applicant's pages and endpoints when they
    /// share a prefix.
    /// </summary>
    public string CaseCookiePath { get; set; } = "/";

    /// <summary>
    /// The rate-limiter policy on opening a case, or <see langword="null"/> for none. The package registers its own
    /// (<see cref="OpenPerClient"/>) only under <see cref="DefaultOpenCasePolicy"/>: name a policy you register
    /// yourself to replace it.
    /// </summary>
    public string? OpenCasePolicy { get; set; } = DefaultOpenCasePolicy;

    /// <summary>The rate-limiter policy on asking for a code (<see cref="RequestCodePerCase"/>), or <see langword="null"/> for none.</summary>
    public string? RequestCodePolicy { get; set; } = DefaultRequestCodePolicy;

    /// <summary>The rate-limiter policy on checking a code (<see cref="CheckCodePerCase"/>), or <see langword="null"/> for none.</summary>
    public string? CheckCodePolicy { get; set; } = DefaultCheckCodePolicy;

    /// <summary>Opens per client address (the connection's remote address). Default 100 per hour.</summary>
    public SecurityResetRateLimit OpenPerClient { get; set; } = new(100, TimeSpan.FromHours(1));

    /// <summary>
    /// Opens per typed identifier (trimmed, case-folded, then hashed with a key that lives only in memory). Default 5 per
    /// hour. Checked in the endpoint, whatever <see cref="OpenCasePolicy"/> names.
    /// </summary>
    public SecurityResetRateLimit OpenPerIdentifier { get; set; } = new(5, TimeSpan.FromHours(1));

    /// <summary>Code requests per case. Default 10 per hour.</summary>
    public SecurityResetRateLimit RequestCodePerCase { get; set; } = new(10, TimeSpan.FromHours(1));

    /// <summary>
    /// Code requests per destination of a case (bound email, bound phone, new contact). Default 5 per hour. Checked in
    /// the endpoint, whatever <see cref="RequestCodePolicy"/> names.
    /// </summary>
    public SecurityResetRateLimit RequestCodePerDestination { get; set; } = new(5, TimeSpan.FromHours(1));

    /// <summary>Code and authenticator checks per case. Default 20 per 15 minutes.</summary>
    public SecurityResetRateLimit CheckCodePerCase { get; set; } = new(20, TimeSpan.FromMinutes(15));

    /// <summary>How long the outbox job waits when a delivery pass settled nothing. Default 2 seconds.</summary>
    public TimeSpan DeliveryIdleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the expiry job expires cases past their lifetime or review deadline. Default 5 minutes.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the reset job applies approved resets whose dispute window has passed. Default 1 minute.</summary>
    public TimeSpan ApplyResetsInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the purge job purges the personal data of ended cases past their retention. Default 1 hour.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most files one case may upload (the upload endpoint and <see cref="SecurityResetEvidenceUploads"/>). Default 40.</summary>
    public int MaxEvidenceFilesPerCase { get; set; } = 40;

    /// <summary>The most bytes one case's uploads may add up to. Default 1 GiB.</summary>
    public long MaxEvidenceBytesPerCase { get; set; } = 1024L * 1024 * 1024;
}
