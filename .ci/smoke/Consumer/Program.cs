// Opens a case through the packaged library and selects the only bound item. With nothing left to verify,
// the default step policy sends the case to the questionnaire. Exits 1 with a message when anything differs.
using SecurityReset;
using SecurityReset.Cases;
using SecurityReset.Review;
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

var version = typeof(CaseDecider).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
Console.WriteLine($"smoke: SecurityReset.Core {version}");
Console.WriteLine($"smoke: ok, SelectingItems -> {selected.Case.State} ({selected.Events.Count} events)");
return 0;

static void Expect(bool condition, string failure)
{
    if (!condition)
    {
        Console.Error.WriteLine($"SMOKE FAILED: {failure}");
        Environment.Exit(1);
    }
}
