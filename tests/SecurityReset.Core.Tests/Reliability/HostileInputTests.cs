using System.Globalization;
using System.Reflection;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Generated hostile input for every public service operation, on cases in every open state: no unhandled
/// exception, every refusal carries a documented error code, and a refused call changes neither the case nor the
/// outbox. 100,000 inputs per run (SECURITYRESET_FUZZ_INPUTS raises it; SECURITYRESET_FUZZ_SEED replays a run).
/// </summary>
public sealed class HostileInputTests
{
    public const int DefaultInputs = 100_000;

    internal static readonly HashSet<string> KnownCodes = [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>Failures that are counted on the case by design: the only refusals that change it.</summary>
    private static readonly HashSet<string> Counted =
    [
        ErrorCodes.CodeInvalid, ErrorCodes.CodeReplayed, ErrorCodes.FaceScanFailed,
        ErrorCodes.ContactSameAsCurrent, ErrorCodes.DocumentNotKycDocument, ErrorCodes.StatementContactMismatch,
    ];

    [Fact]
    public void Hostile_input_to_every_operation_is_refused_with_a_documented_code_and_changes_nothing()
    {
        var inputs = Settings.Int("SECURITYRESET_FUZZ_INPUTS", DefaultInputs);
        var seed = Settings.Int("SECURITYRESET_FUZZ_SEED", Environment.TickCount & int.MaxValue);
        var fuzz = new Fuzzer(new Random(seed));
        var problems = new List<string>();
        var perOperation = new Tally();
        var unhandled = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < inputs; i++)
        {
            if (i % 2000 == 0)
            {
                fuzz.NewWorld();
            }

            var call = fuzz.Next();
            perOperation.Add(call.Operation);
            var target = call.Case is { } id ? fuzz.World.Stored(id) : null;
            var sent = fuzz.World.Outbox.Codes.Count;
            string? code;
            bool changedOk;
            try
            {
                (code, changedOk) = call.Run();
            }
            catch (Exception ex)
            {
                unhandled++;
                problems.Add($"#{i} {call}: unhandled {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            if (code is not null && !KnownCodes.Contains(code))
            {
                problems.Add($"#{i} {call}: undocumented error code {code}");
            }

            var after = call.Case is { } same ? fuzz.World.Stored(same) : null;
            var refused = code is not null && !Counted.Contains(code);
            if (refused && !Equals(target, after))
            {
                problems.Add($"#{i} {call}: refused with {code} but the case changed (v{target?.Version} → v{after?.Version})");
            }

            if (refused && fuzz.World.Outbox.Codes.Count != sent)
            {
                problems.Add($"#{i} {call}: refused with {code} but a code was sent");
            }

            perOperation.Add(code ?? "ok");
            if (!Equals(target, after) || changedOk)
            {
                fuzz.Replace(call.Case);
            }
        }

        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {inputs} hostile inputs (seed {seed}), {unhandled} unhandled exceptions, {problems.Count} violations, {clock.Elapsed.TotalSeconds:F1} s"));
        Report.Line("fuzz inputs and answers: " + perOperation);
        Assert.True(problems.Count == 0, $"seed {seed}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Take(30)));
    }
}

/// <summary>One generated call: what it is, the case it aims at, and how to run it.</summary>
internal sealed record FuzzCall(string Operation, CaseId? Case, string Args, Func<(string? Code, bool Changed)> Run)
{
    public override string ToString() => $"{Operation}({Args})";
}

/// <summary>Draws hostile arguments and keeps a pool of cases, one per open state, each on its own account.</summary>
internal sealed class Fuzzer(Random random, LeakCollector? leaks = null)
{
    private static readonly CaseState[] PoolStates =
    [
        CaseState.SelectingItems, CaseState.VerifyingItems, CaseState.Questionnaire, CaseState.SupplementaryProofs,
        CaseState.IdentityVerification, CaseState.ReadyToSubmit, CaseState.Submitted, CaseState.UnderReview, CaseState.InformationRequested,
    ];

    private static readonly string Huge = new('a', 100 * 1024);
    private static readonly string HugeDigits = new('7', 100 * 1024);

    private static readonly string?[] HostileStrings =
    [
        null, string.Empty, " ", "\t", "\0", "\n", "\r\n", "a\u0000b", "\u0007", "\u007f", "\u001b[31m", Huge, HugeDigits, new string('@', 100 * 1024),
        "\ud800", "a\udc00b", "\udc00\ud800", "\u202eevil", "\u200b", "\ufeff", "𝒂𝒍𝒊𝒄𝒆", "ａｌｉｃｅ@example.com",
        "аlice@example.com", "ALICE.LIDDELL@EXAMPLE.COM", "alice.liddell@example.com.", "a@b.com,c@d.com", "a@b.com;c@d.com",
        "a@b.com c@d.com", "[\"a@b.com\",\"c@d.com\"]", "a@b.com\nc@d.com", "a@b.com%0Ac@d.com", "<a@b.com>, c@d.com",
        "+4915112345678,+33612345678", "+4915112345678 +33612345678", "-1", "99999999999999999999", "1e309", "NaN", "0x10",
        "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd", "%s%s%n", "{0}{1}",
        "000000", "123456", "12345", "1234567", "١٢٣٤٥٦", "12 456", "reviewer-1", "2026-11", "documents.unclear", "scan-pass",
        "DE", "de", "Deutschland", "C01X00T47", "image/jpeg", "video/mp4", "application/x-msdownload",
    ];

    private static readonly long[] HostileSizes = [long.MinValue, -1, 0, 1, 1023, 2048, 20L * 1024 * 1024 + 1, long.MaxValue];

    private static readonly string?[] HostileHashes =
    [
        null, string.Empty, "abc", new string('0', 64), new string('A', 64), new string('g', 64), new string('0', 63), new string('0', 65), Huge,
    ];

    private static readonly int[] HostileInts = [int.MinValue, -1, 0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 19, 200, 201, 1000, int.MaxValue];

    private readonly Dictionary<CaseState, CaseId> _pool = [];
    private string?[]? _pool2;
    private int _accounts;

    public World World { get; private set; } = null!;

    /// <summary>Every contact the fuzzer's accounts hold.</summary>
    public IEnumerable<string> PersonalValues => Enumerable.Range(1, _accounts).SelectMany(n => new[]
    {
        $"u-fz{n}@example.com", "+49151000" + n.ToString("D4", CultureInfo.InvariantCulture), $"new.{n}@example.org",
    });

    public void NewWorld()
    {
        World = leaks is null ? new World() : leaks.Watch(new World(wrap: leaks.Wrap(), loggers: leaks.Loggers));
        _pool.Clear();
    }

    public void Replace(CaseId? id)
    {
        foreach (var (state, pooled) in _pool.ToList())
        {
            if (pooled == id)
            {
                _pool.Remove(state);
            }
        }
    }

    public FuzzCall Next()
    {
        var s = World.Service;
        var ct = World.Ct;
        var state = Pick(PoolStates);
        var id = random.Next(20) == 0 ? CaseId.New() : Case(state);
        var key = random.Next(5) == 0 ? Str() : null;
        string? text;
        switch (random.Next(24))
        {
            case 0:
                text = Str();
                var channel = Enum<Channel>();
                return Applicant("OpenSignedIn", null, $"{Show(text)}, {channel}", () => s.OpenTrackedAsync(OpenCaseRequest.SignedIn(text!, channel), key, ct));
            case 1:
                text = Str();
                var (ch, entry) = (Enum<Channel>(), Enum<EntryPoint>());
                return Applicant("OpenSignedOut", null, $"{Show(text)}, {ch}, {entry}", () => s.OpenTrackedAsync(OpenCaseRequest.SignedOut(text!, ch, entry), key, ct));
            case 2:
                return Applicant("GetCase", id, string.Empty, () => s.GetCaseAsync(id, ct));
            case 3:
                var items = (SecurityItems)Int();
                return Applicant("SelectItems", id, $"{items}", () => s.SelectItemsAsync(id, items, key, ct));
            case 4:
                var target = (VerificationTarget)Int();
                return Applicant("RequestCode", id, $"{target}", () => s.RequestCodeAsync(id, target, key, ct));
            case 5:
                var to = Enum<VerificationTarget>();
                text = random.Next(3) == 0 ? OtherCaseCode(id) : Str();
                return Applicant("VerifyCode", id, $"{to}, {Show(text)}", () => s.VerifyCodeAsync(id, to, text!, key, ct));
            case 6:
                text = Str();
                return Applicant("VerifyAuthenticator", id, Show(text), () => s.VerifyAuthenticatorAsync(id, text!, key, ct));
            case 7:
                text = Str();
                return Applicant("RecordFaceScan", id, Show(text), () => s.RecordFaceScanAsync(id, text!, key, ct));
            case 8:
                var answers = random.Next(10) == 0 ? null : new QuestionnaireAnswers(List(), List(), List(), List(), Str(), Str());
                return Applicant("AnswerQuestionnaire", id, answers is null ? "null" : "hostile answers", () => s.AnswerQuestionnaireAsync(id, answers!, key, ct));
            case 9:
                var proofs = Proofs();
                return Applicant("ProvideProofs", id, proofs is null ? "null" : $"{proofs.Count} proofs", () => s.ProvideProofsAsync(id, proofs!, key, ct));
            case 10:
                var kind = random.Next(4) == 0 ? (ContactKind)Pick(HostileInts) : (ContactKind)random.Next(2);
                text = random.Next(4) == 0 ? Variant(id) : Str();
                return Applicant("SetNewContact", id, $"{kind}, {Show(text)}", () => s.SetNewContactAsync(id, kind, text!, key, ct));
            case 11:
                var document = random.Next(10) == 0 ? null : new DocumentSubmission(
                    random.Next(2) == 0 ? (DocumentType)Int() : DocumentType.Passport, random.Next(2) == 0 ? Str()! : "DE", Str()!, Evidence()!);
                return Applicant("SubmitDocument", id, document is null ? "null" : $"{document.Type}, {Show(document.IssuingCountry)}, {Show(document.Number)}", () => s.SubmitDocumentAsync(id, document!, key, ct));
            case 12:
                var video = Video();
                return Applicant("SubmitVideo", id, video is null ? "null" : "hostile video", () => s.SubmitVideoAsync(id, video!, key, ct));
            case 13:
                text = Str();
                return Applicant("AcceptTerms", id, Show(text), () => s.AcceptTermsAsync(id, text!, key, ct));
            case 14:
                return Applicant("Submit", id, $"key {Show(key)}", () => s.SubmitAsync(id, key, ct));
            case 15:
                return Applicant("Cancel", id, $"key {Show(key)}", () => s.CancelAsync(id, key, ct));
            case 16:
                text = random.Next(3) == 0 ? null : Str();
                var size = Pick(HostileInts);
                return new FuzzCall("ListReviewQueue", null, $"{Show(text)}, {size}", () =>
                {
                    var page = Sync.Run(s.ListReviewQueueAsync(text, size, ct));
                    if (text is not null && !ReviewQueueCursor.TryParse(text, out _))
                    {
                        Assert.Equal(ErrorCodes.ReviewCursorInvalid, page.ErrorCode);
                        Assert.Null(page.View);
                    }
                    else
                    {
                        Assert.InRange(page.View!.Cases.Count, 0, 200);
                    }

                    return (page.ErrorCode, false);
                });
            case 17:
                return Reviewer("GetCaseForReview", id, string.Empty, () => s.GetCaseForReviewAsync(id, "reviewer-a", ct));
            case 18:
                text = Reviewer();
                return Reviewer("Claim", id, Show(text), () => s.ClaimAsync(id, text!, key, ct));
            case 19:
                text = Reviewer();
                return Reviewer("Approve", id, Show(text), () => s.ApproveAsync(id, text!, key, ct));
            case 20:
                var (reviewer, reason) = (Reviewer(), Str());
                return Reviewer("Reject", id, $"{Show(reviewer)}, {Show(reason)}", () => s.RejectAsync(id, reviewer!, reason!, key, ct));
            case 21:
                var (asker, amend, why) = (Reviewer(), (AmendableItems)Int(), Str());
                return Reviewer("RequestInformation", id, $"{Show(asker)}, {amend}, {Show(why)}", () => s.RequestInformationAsync(id, asker!, amend, why!, key, ct));
            case 22:
                var expire = Pick(HostileInts);
                return new FuzzCall("ExpireCases", null, $"{expire}", () => (null, Sync.Run(s.ExpireCasesAsync(expire, ct)) > 0));
            default:
                var apply = Pick(HostileInts);
                return new FuzzCall("ApplyApprovedResets", null, $"{apply}", () => (null, Sync.Run(s.ApplyApprovedResetsAsync(apply, ct)) > 0));
        }
    }

    private static FuzzCall Applicant(string operation, CaseId? id, string args, Func<Task<ResetResult<ApplicantCaseView>>> call) =>
        new(operation, id, args, () =>
        {
            var result = Sync.Run(call());
            return (result.ErrorCode, false);
        });

    private static FuzzCall Reviewer(string operation, CaseId? id, string args, Func<Task<ResetResult<ReviewerCaseView>>> call) =>
        new(operation, id, args, () =>
        {
            var result = Sync.Run(call());
            return (result.ErrorCode, false);
        });

    private static string Show(string? text) => text switch
    {
        null => "null",
        { Length: > 40 } => $"\"{text[..12]}…\" ({text.Length} chars)",
        _ => $"\"{string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()))}\"",
    };

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];

    /// <summary>
    /// The hostile strings; for the leak scan without the ones that quote a seeded account's contact or document
    /// or look like a code, since a value the caller typed into a free-text field (a terms version, an idempotency
    /// key) is echoed by design and is no leak.
    /// </summary>
    private string?[] Pool => _pool2 ??= leaks is null
        ? HostileStrings
        : [.. HostileStrings.Where(h => h is null || (!Accounts.PersonalValues.Any(v => h.Contains(v, StringComparison.OrdinalIgnoreCase))
            && !(h.Length == 6 && h.All(char.IsAsciiDigit))))]; // a typed six-digit string could equal a drawn code by chance

    private string? Str() => Pick(Pool);

    private string? Reviewer() => random.Next(4) == 0 ? "reviewer-1" : Str();

    private int Int() => random.Next(3) == 0 ? random.Next(-20, 40) : Pick(HostileInts);

    private T Enum<T>()
        where T : struct, System.Enum => (T)(object)(random.Next(4) == 0 ? Pick(HostileInts) : random.Next(3));

    private List<string> List() => random.Next(6) switch
    {
        0 => null!,
        1 => [],
        2 => [.. Enumerable.Repeat("BTC", 21)],
        3 => [Str()!, Str()!],
        _ => ["BTC", Str()!],
    };

    private EvidenceReference? Evidence() => random.Next(8) == 0
        ? null
        : new EvidenceReference(random.Next(3) == 0 ? "file-1" : Str()!, random.Next(2) == 0 ? "image/jpeg" : Str()!, Pick(HostileSizes), random.Next(3) == 0 ? new string('a', 64) : Pick(HostileHashes)!);

    private List<SupplementaryProof>? Proofs() => random.Next(8) switch
    {
        0 => null,
        1 => [],
        2 => [.. Enumerable.Range(0, 101).Select(_ => new SupplementaryProof(ProofKind.Other, World.File("x.pdf", "application/pdf")))],
        3 => [null!, .. World.Proofs()],
        _ => [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => new SupplementaryProof((ProofKind)Int(), Evidence()!))],
    };

    private VerificationVideo? Video() => random.Next(6) switch
    {
        0 => null,
        1 => new VerificationVideo(Evidence()!, null!),
        _ => new VerificationVideo(random.Next(2) == 0 ? World.File("v.mp4", "video/mp4", 4096) : Evidence()!, new DeclaredStatement(Str()!, Str()!, Str()!,
            random.Next(2) == 0 ? DateOnly.MaxValue : DateOnly.MinValue,
            random.Next(3) switch { 0 => TimeSpan.MaxValue, 1 => TimeSpan.MinValue, _ => TimeSpan.FromTicks(random.NextInt64()) },
            Str()!)),
    };

    /// <summary>A code sent to some other pool case: it must never work here.</summary>
    private string? OtherCaseCode(CaseId id) => World.Outbox.Codes.LastOrDefault(c => c.CaseId != id)?.Code ?? "123456";

    /// <summary>The case's bound email in another case or width, or a bound phone in another format.</summary>
    private string Variant(CaseId id)
    {
        var account = World.Load(id)?.Account.AccountId ?? "U-FZ0";
        return random.Next(3) switch
        {
            0 => $"  {account.ToUpperInvariant()}@EXAMPLE.com ",
            1 => string.Concat($"{account.ToLowerInvariant()}@example.com".Select(c => c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'ａ') : c)),
            _ => "+49 151 000 " + (_accounts % 10000).ToString("D4", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The pool case in a state, built through the service on a fresh account when missing.</summary>
    private CaseId Case(CaseState state)
    {
        if (_pool.TryGetValue(state, out var id))
        {
            return id;
        }

        id = Build(state);
        _pool[state] = id;
        return id;
    }

    private CaseId Build(CaseState state)
    {
        var n = ++_accounts;
        var uid = $"U-FZ{n}";
        var advanced = state == CaseState.ReadyToSubmit;
        World.Directory.Add(new AccountRecord(uid, $"{uid.ToLowerInvariant()}@example.com", "+49151000" + n.ToString("D4", CultureInfo.InvariantCulture), !advanced,
            advanced ? KycLevel.Advanced : KycLevel.None, null), Accounts.AliceSecret);
        var s = World.Service;
        var ct = CancellationToken.None;
        var id = Sync.Run(s.OpenTrackedAsync(OpenCaseRequest.SignedIn(uid, Channel.Web), cancellationToken: ct)).View!.Id;
        static void Do<T>(Task<ResetResult<T>> call)
            where T : class => Assert.Null(Sync.Run(call).ErrorCode);
        if (state == CaseState.SelectingItems)
        {
            return id;
        }

        if (state == CaseState.VerifyingItems)
        {
            Do(s.SelectItemsAsync(id, SecurityItems.Authenticator, cancellationToken: ct));
            Do(s.RequestCodeAsync(id, VerificationTarget.BoundEmail, cancellationToken: ct));
            return id;
        }

        if (advanced)
        {
            Do(s.SelectItemsAsync(id, SecurityItems.Phone, cancellationToken: ct));
            Do(s.RecordFaceScanAsync(id, World.PassingScan(id, uid), cancellationToken: ct));
            return id;
        }

        Do(s.SelectItemsAsync(id, SecurityItems.All, cancellationToken: ct));
        if (state == CaseState.Questionnaire)
        {
            return id;
        }

        Do(s.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: ct));
        if (state == CaseState.SupplementaryProofs)
        {
            return id;
        }

        Do(s.ProvideProofsAsync(id, World.Proofs(), cancellationToken: ct));
        Do(s.SetNewContactAsync(id, ContactKind.Email, $"new.{n}@example.org", cancellationToken: ct));
        Do(s.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: ct));
        if (state == CaseState.IdentityVerification)
        {
            return id;
        }

        Do(s.VerifyCodeAsync(id, VerificationTarget.NewContact, World.LastCodeTo(id, $"new.{n}@example.org")!, cancellationToken: ct));
        Do(s.SubmitDocumentAsync(id, World.Document(), cancellationToken: ct));
        Do(s.SubmitVideoAsync(id, World.Video(uid), cancellationToken: ct));
        Do(s.AcceptTermsAsync(id, "2026-11", cancellationToken: ct));
        Do(s.SubmitAsync(id, cancellationToken: ct));
        if (state == CaseState.Submitted)
        {
            return id;
        }

        Do(s.ClaimAsync(id, "reviewer-1", cancellationToken: ct));
        if (state == CaseState.InformationRequested)
        {
            Do(s.RequestInformationAsync(id, "reviewer-1", AmendableItems.Questionnaire | AmendableItems.IdentityDocument, "more.needed", cancellationToken: ct));
        }

        return id;
    }
}
