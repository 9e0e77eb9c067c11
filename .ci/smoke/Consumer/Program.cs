// Runs the packaged service on the packaged in-memory adapters, with the usings a host needs: a case is opened,
// stored (as the store's opaque payload), read back and moved on with the applicant credential the open issued, a
// code goes to the recording messenger and, verified, replaces the credential; a second account loses its only item
// and goes straight to the questionnaire. Exits 1 with a message when anything differs.
using Microsoft.Extensions.DependencyInjection;
using SecurityReset;
using SecurityReset.InMemory;
using SecurityReset.Ports;

const string AccountId = "uid-1001";
const string OnlyEmail = "uid-1002";

var services = new ServiceCollection();
services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))
    .UseInMemoryStore()
    .UseRecordingMessenger()
    .UseInMemoryIdentityChecks()
    .UseInMemoryAccountDirectory(d => d
        .Add(new AccountRecord(AccountId, "user@example.com", "+14155550100", AuthenticatorBound: true, KycLevel.None, null))
        .Add(new AccountRecord(OnlyEmail, "only@example.com", null, AuthenticatorBound: false, KycLevel.None, null)));
using var provider = services.BuildServiceProvider();
var reset = provider.GetRequiredService<SecurityResetService>();
var open = await reset.OpenCaseAsync(OpenCaseRequest.SignedIn(AccountId, Channel.App));
Expect(open.Succeeded, $"OpenCaseAsync failed: {open.ErrorCode}");
var access = open.View!.Access ?? default;
var caseId = access.CaseId;
Expect(caseId == open.View.Id && access.Credential is { Length: > 0 }, "OpenCaseAsync issued no applicant credential");
var items = await reset.SelectItemsAsync(access, SecurityItems.Authenticator);
Expect(items.Succeeded && items.View!.State == CaseState.VerifyingItems, $"SelectItemsAsync: {items.ErrorCode}, {items.View?.State}");
access = items.View?.Access ?? access;
var sent = await reset.RequestCodeAsync(access, VerificationTarget.BoundEmail);
Expect(sent.Succeeded && sent.View!.CodesOnTheirWay.SequenceEqual([VerificationTarget.BoundEmail]), $"RequestCodeAsync: {sent.ErrorCode}");
Expect(provider.GetRequiredService<RecordingMessenger>().LastCode(caseId, ContactKind.Email) is null, "The code was sent before the outbox was dispatched");
Expect(await reset.DispatchAsync() > 0, "DispatchAsync delivered nothing"); // the code, and the opening notices to the bound channels
var code = provider.GetRequiredService<RecordingMessenger>().LastCode(caseId, ContactKind.Email);
Expect(code is { Length: 6 }, "No code arrived after DispatchAsync");
var stored = await provider.GetRequiredService<IResetCaseStore>().LoadAsync(caseId, CancellationToken.None);
Expect(stored is { State: CaseState.VerifyingItems, Version: 3 } && stored.Payload.Length > 0, $"The store holds {stored?.State} v{stored?.Version}");

// The verified code replaces the applicant credential: the one from before no longer holds the case.
var verified = await reset.VerifyCodeAsync(access, VerificationTarget.BoundEmail, code!);
Expect(verified.Succeeded && verified.View!.Access is { } renewed && renewed != access, $"VerifyCodeAsync: {verified.ErrorCode}, no new credential");
var stale = await reset.GetCaseAsync(access);
Expect(stale.Error?.Kind == ErrorKind.Denied && stale.View is null, $"The replaced credential still reads the case ({stale.ErrorCode})");
access = verified.View!.Access ?? access;
Expect((await reset.GetCaseAsync(access)).Succeeded, "The new credential does not read the case");

// An account whose only item is lost: nothing remains to verify, so the default policy asks for the questionnaire.
var alone = await reset.OpenCaseAsync(OpenCaseRequest.SignedIn(OnlyEmail, Channel.Web));
Expect(alone.Succeeded, $"OpenCaseAsync failed: {alone.ErrorCode}");
Expect(alone.View!.AvailableActions.SequenceEqual([CaseAction.SelectItems, CaseAction.Cancel]), $"Available: {string.Join(", ", alone.View.AvailableActions)}");
var selected = await reset.SelectItemsAsync(alone.View.Access ?? default, SecurityItems.Email);
Expect(selected.Succeeded && selected.View!.State == CaseState.Questionnaire, $"SelectItemsAsync moved the case to {selected.View?.State} ({selected.ErrorCode})");
Expect(selected.View!.Version == 2, $"The case is at version {selected.View.Version}, not 2");

var version = typeof(SecurityResetService).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
Console.WriteLine($"smoke: SecurityReset.Core {version}");
Console.WriteLine($"smoke: ok, SelectingItems -> {selected.View.State} (v{selected.View.Version})");
Console.WriteLine($"smoke: ok, the service on SecurityReset.InMemory stored the case at {stored!.State} v{stored.Version} ({stored.Payload.Length} payload bytes)");
return 0;

static void Expect(bool condition, string failure)
{
    if (!condition)
    {
        Console.Error.WriteLine($"SMOKE FAILED: {failure}");
        Environment.Exit(1);
    }
}
