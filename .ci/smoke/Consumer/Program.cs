// Opens a case through the packaged library and selects the only bound item. With nothing left to verify,
// the default step policy sends the case to the questionnaire. Then the same through the service on the packaged
// in-memory adapters: the case is stored (as the store's opaque payload), read back and moved on, and a code goes
// to the recording messenger. Exits 1 with a message when anything differs.
using Microsoft.Extensions.DependencyInjection;
using SecurityReset;
using SecurityReset.Cases;
using SecurityReset.DependencyInjection;
using SecurityReset.InMemory;
using SecurityReset.Ports;
using SecurityReset.Review;
using SecurityReset.Service;
using SecurityReset.Verification;
using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

const string AccountId = "uid-1001";
var now = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

var decider = new CaseDecider(new SecurityResetOptions { SecretKey = Convert.ToBase64String(new byte[32]) });
var account = new AccountSnapshot(
    AccountId,
    Email: new ProtectedContact(ContactKind.Email, "u***@example.com", "ZmluZ2VycHJpbnQ="),
    Phone: null,
    AuthenticatorBound: false,
    Kyc: KycLevel.None,
    KycDocument: null);

var opened = decider.Open(CaseId.New(), account, Channel.Web, EntryPoint.LoggedIn, now);
Expect(opened.Succeeded, $"Open failed: {opened.Error?.Code}");
Expect(opened.Case.State == CaseState.SelectingItems, $"Open left the case in {opened.Case.State}, not SelectingItems");

var selected = decider.Decide(opened.Case, new SelectItems(SecurityItems.Email), Actor.Applicant(AccountId), now.AddMinutes(1));
Expect(selected.Succeeded, $"SelectItems failed: {selected.Error?.Code}");
Expect(selected.Case.State == CaseState.Questionnaire, $"SelectItems moved the case to {selected.Case.State}, not Questionnaire");
Expect(selected.Case.Version == 2, $"The case is at version {selected.Case.Version}, not 2");

var services = new ServiceCollection();
services.AddSecurityReset(o => o.SecretKey = Convert.ToBase64String(new byte[32]))
    .UseInMemoryStore()
    .UseRecordingMessenger()
    .UseInMemoryIdentityChecks()
    .UseInMemoryAccountDirectory(d => d.Add(new AccountRecord(AccountId, "user@example.com", "+14155550100", AuthenticatorBound: true, KycLevel.None, null)));
using var provider = services.BuildServiceProvider();
var reset = provider.GetRequiredService<SecurityResetService>();
var open = await reset.OpenCaseAsync(OpenCaseRequest.SignedIn(AccountId, Channel.App));
Expect(open.Succeeded, $"OpenCaseAsync failed: {open.ErrorCode}");
var caseId = open.View!.Id;
var items = await reset.SelectItemsAsync(caseId, SecurityItems.Authenticator);
Expect(items.Succeeded && items.View!.State == CaseState.VerifyingItems, $"SelectItemsAsync: {items.ErrorCode}, {items.View?.State}");
var sent = await reset.RequestCodeAsync(caseId, VerificationTarget.BoundEmail);
var code = provider.GetRequiredService<RecordingMessenger>().LastCode(caseId, ContactKind.Email);
Expect(sent.Succeeded && code is { Length: 6 }, $"RequestCodeAsync: {sent.ErrorCode}");
var stored = await provider.GetRequiredService<IResetCaseStore>().LoadAsync(caseId, CancellationToken.None);
Expect(stored is { State: CaseState.VerifyingItems, Version: 3 } && stored.Payload.Length > 0, $"The store holds {stored?.State} v{stored?.Version}");

var version = typeof(CaseDecider).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
Console.WriteLine($"smoke: SecurityReset.Core {version}");
Console.WriteLine($"smoke: ok, SelectingItems -> {selected.Case.State} ({selected.Events.Count} events)");
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
