// Hosts the packaged endpoints on the packaged in-memory adapters, the way the ASP.NET Core guide shows: the API's
// services, the rate limiter, the applicant's routes, the background jobs and their health check on /healthz. It listens where --urls says (the smoke check passes a loopback
// address with port 0), prints the address it got, and serves until it is stopped; the smoke check opens a case
// with POST /security-reset/cases, checks the answer, and asks /healthz.
using Microsoft.AspNetCore.DataProtection;
using SecurityReset;
using SecurityReset.InMemory;
using SecurityReset.Ports;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))
    .UseInMemoryStore()
    .UseRecordingMessenger()
    .UseInMemoryIdentityChecks()
    .UseInMemoryAccountDirectory(d => d
        .Add(new AccountRecord("uid-2001", "web@example.com", "+14155550101", AuthenticatorBound: true, KycLevel.None, null)));
builder.Services.AddSecurityResetApi();
builder.Services.AddSecurityResetBackgroundJobs();
builder.Services.AddHealthChecks().AddSecurityReset();
// The key ring stays next to the app (the smoke check's temporary folder), not in the user's profile.
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "keys")));

var app = builder.Build();
app.UseRouting();
app.UseRateLimiter();
app.MapSecurityResetApi();
app.MapHealthChecks("/healthz");

await app.StartAsync();
var version = typeof(SecurityReset.AspNetCore.SecurityResetApiOptions).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
Console.WriteLine($"smoke: SecurityReset.AspNetCore {version}");
Console.WriteLine($"listening on {app.Urls.Single()}");
await app.WaitForShutdownAsync();
