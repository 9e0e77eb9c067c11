using System.Globalization;
using SecurityReset;
using SecurityReset.CrashTests.Driver;

// A child process of the crash and multi-process tests. The first argument is the mode; the others are "--name value"
// pairs. Each mode prints "ready" once it can work, and every line it prints is flushed at once: the parent reads it
// as an acknowledgement, and may kill the process at any moment.
var mode = args[0];
var named = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    named[args[i]] = args[i + 1];
}

var location = new StoreLocation(
    Enum.Parse<Database>(named["--db"]),
    named["--connection"],
    named.GetValueOrDefault("--schema"));
using var host = new DriverHost(location, named.GetValueOrDefault("--journal"), int.Parse(named.GetValueOrDefault("--accounts", "1"), CultureInfo.InvariantCulture));
if (named.TryGetValue("--at", out var at))
{
    host.Clock.Set(new DateTimeOffset(long.Parse(at, CultureInfo.InvariantCulture), TimeSpan.Zero));
}

if (mode == "schema")
{
    await host.Store.EnsureSchemaAsync();
    return 0;
}

// Opens the database before "ready", so that the parent's clock for a kill starts on a working process.
await host.Store.LoadAsync(CaseId.New(), CancellationToken.None);
if (mode != "crash")
{
    host.Begin(named.GetValueOrDefault("--life", "0"));
}

switch (mode)
{
    case "crash":
        await CrashAsync();
        break;
    case "verify":
        await VerifyAsync();
        break;
    case "guess":
        await GuessAsync();
        break;
    case "dispatch":
        await DispatchAsync();
        break;
    default:
        throw new ArgumentException($"Unknown mode {mode}.", nameof(args));
}

return 0;

// Started ahead of its turn, waits for "resume <life> <case id> <credential>" (sent once the process before it ended),
// then runs one scenario step per line ("step <seq> <kind> <n> <index> <utc ticks>") and acknowledges each once it returned.
async Task CrashAsync()
{
    var runner = new StepRunner(host);
    Console.WriteLine("ready");
    while (Console.ReadLine() is { } line)
    {
        var f = line.Split('\t');
        if (f[0] == "resume")
        {
            host.Begin(f[1]);
            host.Journal!.Marks = true;
            if (CaseId.TryParse(f[2], out var caseId))
            {
                runner.Resume(caseId, f[3] == "-" ? null : f[3]);
            }

            continue;
        }

        host.Clock.Set(new DateTimeOffset(long.Parse(f[5], CultureInfo.InvariantCulture), TimeSpan.Zero));
        var outcome = await runner.RunAsync(Enum.Parse<ScenarioKind>(f[2]), int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture), CancellationToken.None);
        Console.WriteLine(string.Join('\t', "ack", f[1], outcome.CaseId, outcome.Credential ?? "-", outcome.State, outcome.Version.ToString(CultureInfo.InvariantCulture), outcome.Error ?? "-"));
    }
}

// The same code, with the same credential, verified by many requests at once.
async Task VerifyAsync()
{
    if (!CaseId.TryParse(named["--case"], out var caseId))
    {
        throw new ArgumentException("--case is not a case id.", nameof(args));
    }

    var access = new ApplicantAccess(caseId, named["--credential"]);
    var count = int.Parse(named["--count"], CultureInfo.InvariantCulture);
    await GoAsync();
    var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() =>
        host.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, named["--code"]))));
    foreach (var result in results)
    {
        Console.WriteLine("result\t" + (result.ErrorCode ?? "ok"));
    }
}

// Wrong authenticator codes on one account: a case is opened (superseding whichever case another process holds),
// and guessed on until its own attempts are spent or it is superseded, then the next one.
async Task GuessAsync()
{
    var accountId = named["--account"];
    var wrong = named["--wrong"];
    var count = int.Parse(named["--count"], CultureInfo.InvariantCulture);
    await GoAsync();
    ApplicantAccess? access = null;
    for (var calls = 0; calls < count;)
    {
        if (access is null)
        {
            var opened = await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(accountId, Channel.Web));
            if (opened.View?.Access is not { } fresh)
            {
                continue;
            }

            var selected = await host.Service.SelectItemsAsync(fresh, SecurityItems.Email);
            access = selected.Succeeded ? fresh : null;
            continue;
        }

        var result = await host.Service.VerifyAuthenticatorAsync(access.Value, wrong);
        calls++;
        Console.WriteLine("result\t" + (result.ErrorCode ?? "ok"));
        if (result.ErrorCode == ErrorCodes.AccountLocked)
        {
            return;
        }

        if (result.ErrorCode != ErrorCodes.CodeInvalid)
        {
            access = null; // superseded, or this case's own attempts are spent
        }
    }
}

// One dispatcher pass over the shared outbox.
async Task DispatchAsync()
{
    await GoAsync();
    var settled = await host.Service.DispatchAsync(int.Parse(named.GetValueOrDefault("--batch", "1000"), CultureInfo.InvariantCulture));
    Console.WriteLine("settled\t" + settled.ToString(CultureInfo.InvariantCulture));
}

// Waits for the parent's "go", so that every process starts its work at the same moment.
static async Task GoAsync()
{
    Console.WriteLine("ready");
    while (await Console.In.ReadLineAsync() is { } line && line != "go")
    {
    }
}
