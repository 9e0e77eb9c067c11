using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.WebHost.Tests.TestSupport;

/// <summary>
/// The sample host in process, in Development, with a fixed secret key and its own evidence folder (deleted on
/// dispose). Tests add their own accounts to the directory, so that "one open case per account" never makes
/// two tests collide.
/// </summary>
public class WebHostFactory : WebApplicationFactory<Program>
{
    /// <summary>A fixed, invented 32-byte key (base64).</summary>
    public const string SecretKey = "c2VjdXJpdHlyZXNldC13ZWJob3N0LXRlc3RzLWtleS0wMDE=";

    private readonly Action<SecurityResetOptions>? _options;

    public WebHostFactory()
        : this(null, "Development")
    {
    }

    protected WebHostFactory(Action<SecurityResetOptions>? options, string environment)
    {
        _options = options;
        Environment = environment;
    }

    public string EvidencePath { get; } = System.IO.Directory.CreateTempSubdirectory("securityreset-webhost-tests-").FullName;

    public string Environment { get; }

    public InMemoryAccountDirectory Directory => Services.GetRequiredService<InMemoryAccountDirectory>();

    public RecordingMessenger Messenger => Services.GetRequiredService<RecordingMessenger>();

    /// <summary>
    /// Waits until the host's background delivery loop has delivered a code for <paramref name="caseId"/> beyond the
    /// first <paramref name="after"/>, and returns it. Commands only commit: the code arrives after the answer.
    /// </summary>
    /// <param name="caseId">The case id, as the API shows it.</param>
    /// <param name="after">How many of the case's codes had arrived before the request.</param>
    /// <returns>The code's message.</returns>
    public async Task<CodeMessage> DeliveredCodeAsync(string caseId, int after)
    {
        CodeMessage? code = null;
        await Eventually.TrueAsync(() => (code = CodesFor(caseId).Skip(after).LastOrDefault()) is not null, $"a code for case {caseId} from the delivery loop");
        return code!;
    }

    /// <summary>The codes delivered so far for <paramref name="caseId"/>, oldest first.</summary>
    /// <param name="caseId">The case id, as the API shows it.</param>
    /// <returns>The codes.</returns>
    public IReadOnlyList<CodeMessage> CodesFor(string caseId) => [.. Messenger.Codes.Where(c => c.CaseId.ToString() == caseId)];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("SecurityReset:SecretKey", SecretKey);
        builder.UseSetting("WebHost:EvidencePath", EvidencePath);
        // Pinned: every factory gets fresh, private storage, whatever the sample's default store becomes.
        builder.UseSetting("Storage:Provider", "InMemory");
        // The background delivery loop looks at the outbox often, so that codes arrive within a test's patience.
        builder.UseSetting("WebHost:DeliveryIdleDelay", "00:00:00.020");
        // The package's abuse guards stay on, with room for the many opens and code requests of one test class.
        builder.UseSetting("SecurityResetApi:OpenPerClient:PermitLimit", "10000");
        builder.UseSetting("SecurityResetApi:OpenPerIdentifier:PermitLimit", "100");
        builder.UseSetting("SecurityResetApi:RequestCodePerCase:PermitLimit", "1000");
        builder.UseSetting("SecurityResetApi:RequestCodePerDestination:PermitLimit", "1000");
        builder.UseSetting("SecurityResetApi:CheckCodePerCase:PermitLimit", "1000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.ConfigureTestServices(services =>
        {
            if (_options is not null)
            {
                services.PostConfigure(_options);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && System.IO.Directory.Exists(EvidencePath))
        {
            System.IO.Directory.Delete(EvidencePath, recursive: true);
        }
    }
}

/// <summary>The host with small file limits, so that a refusal for size needs only a small upload.</summary>
public sealed class SmallLimitsFactory() : WebHostFactory(o => o.Evidence.MaxFileBytes = 64 * 1024, "Development");

/// <summary>The host with an account failure budget of one, so that one wrong code locks the account.</summary>
public sealed class LockingFactory() : WebHostFactory(o => o.Lockout.MaxFailuresPerFactor = 1, "Development");

/// <summary>The host outside Development: no reviewer area, no demo vendor, no outbox panel.</summary>
public sealed class ProductionFactory() : WebHostFactory(null, "Production");
