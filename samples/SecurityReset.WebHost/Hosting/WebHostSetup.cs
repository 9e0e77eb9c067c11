using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore;
using SecurityReset.Ports;
using SecurityReset.WebHost.Api;
using SecurityReset.WebHost.Demo;

namespace SecurityReset.WebHost.Hosting;

/// <summary>Wires the sample: the library with its adapters, the pages, the API, the limits and the reviewer sign-in.</summary>
internal static partial class WebHostSetup
{
    /// <summary>The cookie that holds the applicant's case in the browser (the package's protected handle).</summary>
    public const string CaseCookie = "sr-case";

    public static WebApplicationBuilder AddResetWebHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        var developmentKey = development ? CaseStorage.DevelopmentKey(configuration, builder.Environment.ContentRootPath) : null;

        // The library: options from the "SecurityReset" section, one adapter per port.
        services
            .AddSecurityReset(options =>
            {
                configuration.GetSection("SecurityReset").Bind(options);

                // A real deployment reads the key from its secret store; a development run keeps one beside its
                // database (see CaseStorage.DevelopmentKey). Elsewhere a missing key fails start-up.
                if (string.IsNullOrEmpty(options.SecretKey) && development)
                {
                    options.SecretKey = developmentKey;
                }
            })
            .UseRecordingMessenger()                              // demo: codes go to an outbox, not to mail or SMS
            .UseInMemoryAccountDirectory(DemoAccounts.Seed)       // demo: the seeded accounts
            .UseInMemoryIdentityChecks()                          // demo: the stand-in identity vendor
            .UseConfiguredStore(configuration)                    // the one place that chooses the store
            .UseFileSystemEvidenceStore(EvidenceRoot(configuration)); // uploads, one folder per case

        services.Configure<WebHostOptions>(configuration.GetSection(WebHostOptions.Section));
        services.AddSingleton<DemoFaceScanVendor>();
        if (development)
        {
            // The demo surfaces are on: the host refuses to start on anything but loopback.
            services.AddHostedService<DemoSurfaceGuard>();
        }

        // The package's applicant API under /api, its case handles (the header for the app, the sr-case cookie for the
        // pages) and its upload checks (size, per-case quota, structure, SHA-256) for the pages and the API. Its guards
        // and limits bind from the "SecurityResetApi" section.
        services.AddSecurityResetApi(configuration.GetSection("SecurityResetApi"));
        services.AddOptions<SecurityResetApiOptions>().Configure<IOptions<WebHostOptions>>((api, host) =>
        {
            api.CaseCookieName = CaseCookie;
            api.DeliveryIdleDelay = host.Value.DeliveryIdleDelay;
            api.ExpiryInterval = host.Value.ExpiryInterval;

            // No applicant signs in here: a reviewer's claims never stand for an account to open a case for.
            api.AccountIdClaimType = "securityreset:applicant-account";
        });

        // The package's jobs: the outbox, expiry and review deadlines, approved resets. Commands only commit; these
        // deliver what they asked for.
        services.AddSecurityResetBackgroundJobs();
        services.AddSingleton(sp => UploadLimits.From(sp.GetRequiredService<IOptions<SecurityResetOptions>>().Value));

        // Kestrel and the form reader allow the largest upload; LimitRequestBody lowers it per endpoint.
        services.AddOptions<KestrelServerOptions>().Configure<UploadLimits>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Largest);
        services.AddOptions<FormOptions>().Configure<UploadLimits>((form, limits) =>
        {
            form.MultipartBodyLengthLimit = limits.Largest;
            form.ValueCountLimit = 200;
        });

        // The key ring outlives a restart, so case cookies, reviewer cookies and forms stay readable. Encrypt it at rest in
        // production: ProtectKeysWithCertificate(…) here, or an encrypted volume under WebHost:KeysPath.
        services.AddDataProtection().SetApplicationName("SecurityReset.WebHost").PersistKeysToFileSystem(new DirectoryInfo(KeysRoot(configuration)));

        // Behind a reverse proxy: the client address (for the rate limits) and the scheme (for HTTPS redirection and
        // secure cookies) come from the proxy's X-Forwarded-* headers, believed only from the listed proxies.
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection($"{WebHostOptions.Section}:{nameof(WebHostOptions.KnownProxies)}").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        services.AddProblemDetails();
        services.Configure<RouteOptions>(routes => routes.LowercaseUrls = true);

        services.AddAuthentication(ReviewerAuth.Scheme).AddCookie(ReviewerAuth.Scheme, cookie =>
        {
            cookie.LoginPath = "/review/sign-in";
            cookie.AccessDeniedPath = "/review/sign-in";
            cookie.Cookie.Name = ReviewerAuth.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(ReviewerAuth.Policy, policy => policy
            .AddAuthenticationSchemes(ReviewerAuth.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ReviewerAuth.RoleClaim, "reviewer"));

        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Review", ReviewerAuth.Policy);
            pages.Conventions.AllowAnonymousToPage("/Review/SignIn");
            if (!development)
            {
                // The demo vendor exists only in Development, the reviewer area also where a staff list signs reviewers in
                // with passwords: elsewhere they have no route.
                pages.Conventions.AddFolderRouteModelConvention("/Vendor", model => model.Selectors.Clear());
                if (!HasStaff(configuration))
                {
                    pages.Conventions.AddFolderRouteModelConvention("/Review", model => model.Selectors.Clear());
                }
            }

            pages.Conventions.AddPageApplicationModelConvention("/Reset/Proofs", model => model.EndpointMetadata.Add(new UploadAttribute(UploadKind.Proofs)));
            pages.Conventions.AddPageApplicationModelConvention("/Reset/Identity", model => model.EndpointMetadata.Add(new UploadAttribute(UploadKind.Video)));
        });

        return builder;
    }

    public static WebApplication UseResetWebHost(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        app.UseForwardedHeaders();
        if (!development)
        {
            app.UseExceptionHandler();
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePages();
        app.UseRouting();
        app.Use(LimitRequestBody);
        app.Use(SecurityHeaders);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapRazorPages();
        app.MapSecurityResetApi("/api");
        app.MapSampleEndpoints(development);
        if (development || HasStaff(app.Configuration))
        {
            app.MapGet("/review/evidence/{caseId}/{evidenceId}", ReviewerEvidenceAsync).RequireAuthorization(ReviewerAuth.Policy);
        }

        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app));
        return app;
    }

    /// <summary>Lowers the body limit to what the endpoint takes (see <see cref="UploadLimits"/>).</summary>
    private static Task LimitRequestBody(HttpContext context, RequestDelegate next)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            var kind = context.GetEndpoint()?.Metadata.GetMetadata<UploadAttribute>()?.Kind ?? UploadKind.None;
            feature.MaxRequestBodySize = context.RequestServices.GetRequiredService<UploadLimits>().For(kind);
        }

        return next(context);
    }

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; "
            + "script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    }

    private static async Task<IResult> ReviewerEvidenceAsync(string caseId, string evidenceId, IEvidenceStore store, CancellationToken cancellationToken)
    {
        if (!CaseId.TryParse(caseId, out var id) || await store.GetAsync(id, evidenceId, cancellationToken) is not { } file
            || await store.OpenReadAsync(id, evidenceId, cancellationToken) is not { } content)
        {
            return TypedResults.NotFound();
        }

        // Images show inline on the case page; anything else downloads.
        var inline = file.MediaType.StartsWith("image/", StringComparison.Ordinal);
        return TypedResults.File(content, file.MediaType, inline ? null : $"{file.Sha256[..12]}{Extension(file.MediaType)}");
    }

    private static bool HasStaff(IConfiguration configuration) =>
        configuration.GetSection($"{WebHostOptions.Section}:{nameof(WebHostOptions.Staff)}").GetChildren().Any();

    /// <summary>The Data Protection key folder: <c>WebHost:KeysPath</c>, or one under the temporary folder.</summary>
    private static string KeysRoot(ConfigurationManager configuration) =>
        configuration[$"{WebHostOptions.Section}:{nameof(WebHostOptions.KeysPath)}"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Path.GetTempPath(), "securityreset-webhost", "keys");

    /// <summary>The evidence folder: <c>WebHost:EvidencePath</c>, or one under the temporary folder so a run leaves nothing in the work tree.</summary>
    private static string EvidenceRoot(ConfigurationManager configuration) =>
        configuration[$"{WebHostOptions.Section}:{nameof(WebHostOptions.EvidencePath)}"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Path.GetTempPath(), "securityreset-webhost", "evidence");

    private static string Extension(string mediaType) => mediaType switch
    {
        "application/pdf" => ".pdf",
        "video/mp4" => ".mp4",
        "video/webm" => ".webm",
        "video/quicktime" => ".mov",
        _ => ".bin",
    };

    private static void AnnounceAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var store = CaseStorage.Describe(app.Configuration);
        foreach (var address in addresses)
        {
            Listening(app.Logger, address, app.Environment.EnvironmentName, store);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SecurityReset web host: open {Address} in a browser ({Environment}; {Store})")]
    private static partial void Listening(ILogger logger, string address, string environment, string store);
}
