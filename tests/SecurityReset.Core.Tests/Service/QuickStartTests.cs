using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Service;

public sealed class QuickStartTests
{
    [Fact]
    public async Task The_readme_quick_start_runs()
    {
        var ct = TestContext.Current.CancellationToken;

        // --- README quick start ---
        var services = new ServiceCollection();
        services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .UseInMemoryStore()
            .UseRecordingMessenger()
            .UseInMemoryIdentityChecks()
            .UseInMemoryAccountDirectory(d => d.Add(new AccountRecord("U1", "ada@example.com", "+14155550100", AuthenticatorBound: true, KycLevel.None, null)));
        using var provider = services.BuildServiceProvider();
        var reset = provider.GetRequiredService<SecurityResetService>();

        var opened = await reset.OpenTrackedAsync(OpenCaseRequest.SignedOut("ada@example.com", Channel.Web, EntryPoint.LoggedOutAfterPassword), cancellationToken: ct);
        var access = opened.View!.Access!.Value;
        await reset.SelectItemsAsync(access, SecurityItems.Authenticator | SecurityItems.Phone, cancellationToken: ct);
        await reset.RequestCodeAsync(access, VerificationTarget.BoundEmail, cancellationToken: ct);
        await reset.DispatchAsync(cancellationToken: ct);
        var code = provider.GetRequiredService<RecordingMessenger>().LastCode(access.CaseId, ContactKind.Email)!; // what the user typed
        var verified = await reset.VerifyCodeAsync(access, VerificationTarget.BoundEmail, code, cancellationToken: ct);
        access = verified.View?.Access ?? access;
        // verified.View.State == CaseState.Questionnaire
        // --- end ---

        Assert.True(verified.Succeeded);
        Assert.Equal(CaseState.Questionnaire, verified.View!.State);
        var issued = opened.View.Access!.Value;
        Assert.NotEqual(issued, access); // the verified email replaced the credential
        Assert.Equal(ErrorCodes.CredentialInvalid, (await reset.GetCaseAsync(issued, ct)).ErrorCode);
        Assert.Equal(CaseState.Questionnaire, (await reset.GetCaseAsync(access, ct)).View!.State);
    }

    [Fact]
    public void Invalid_options_fail_when_the_service_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddSecurityReset(o => o.Codes.Length = 4).UseInMemoryStore().UseRecordingMessenger().UseInMemoryIdentityChecks().UseInMemoryAccountDirectory();
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SecurityResetService>());
        Assert.Contains("SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Codes.Length must be between 6 and 10; it is 4.", error.Failures);
    }

    [Fact]
    public void A_port_registered_by_the_host_wins()
    {
        var services = new ServiceCollection();
        var mine = new InMemoryResetCaseStore();
        services.AddSingleton<IResetCaseStore>(mine);
        services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(new byte[32])).UseInMemoryStore();
        using var provider = services.BuildServiceProvider();
        Assert.Same(mine, provider.GetRequiredService<IResetCaseStore>());
    }
}
