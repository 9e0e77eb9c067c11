using SecurityReset.Ports;
using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>How one scenario ended.</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Expected">How it should end.</param>
/// <param name="Actual">How it ended.</param>
internal sealed record ScenarioResult(string Name, string Expected, string Actual)
{
    public bool Ok => string.Equals(Expected, Actual, StringComparison.Ordinal);
}

/// <summary>The outcome of the whole walkthrough.</summary>
/// <param name="Scenarios">Each scenario's result, in order.</param>
/// <param name="DatabasePath">The run's own database file, deleted when the run ends.</param>
internal sealed record WalkthroughReport(IReadOnlyList<ScenarioResult> Scenarios, string? DatabasePath = null)
{
    /// <summary>0 when every scenario ended as expected, 1 otherwise.</summary>
    public int ExitCode => Scenarios.Count > 0 && Scenarios.All(s => s.Ok) ? 0 : 1;
}

/// <summary>
/// The scripted walkthrough: the paths of the help-centre article, played against the library over a SQLite
/// file of the run's own, one line per step, and a summary table at the end. Scenario a) restarts the host
/// between submission and review, to show the case read back from the file.
/// </summary>
internal sealed class Walkthrough : IAsyncDisposable
{
    public const string ReviewerId = "support-anna";
    public const string TermsVersion = "2025-06";

    private readonly IAnsiConsole _console;
    private readonly string _folder;
    private readonly List<ScenarioResult> _results = [];
    private SampleHost _host = null!;
    private Outbox _outbox = null!;
    private Narrator _say = null!;
    private string? _databasePath;

    private Walkthrough(IAnsiConsole console, string folder)
    {
        _console = console;
        _folder = folder;
    }

    private IAnsiConsole Console => _console;

    private SecurityResetService Service => _host.Service;

    /// <summary>Runs every scenario and prints the summary.</summary>
    /// <param name="console">Where the walkthrough is told.</param>
    /// <param name="start">Where the fake clock starts.</param>
    /// <returns>The report; its <see cref="WalkthroughReport.ExitCode"/> is the program's.</returns>
    public static async Task<WalkthroughReport> RunAsync(IAnsiConsole console, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(console);

        // A database of the run's own, in a new folder (owner-only on Unix) deleted at the end: every run starts
        // from an empty store, whatever earlier runs or interactive sessions left in the working folder's file.
        var folder = System.IO.Directory.CreateTempSubdirectory("securityreset-walkthrough-");
        try
        {
            await using var walkthrough = new Walkthrough(console, folder.FullName);
            await walkthrough.StartHostAsync(start);
            walkthrough.Header(start);
            return await walkthrough.ScenariosAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => StopHostAsync();

    private async Task<WalkthroughReport> ScenariosAsync()
    {
        await ScenarioAsync("a) signed out (web, Forgot Password), lost the authenticator",
            "Completed; bound now: Email, Phone; email replaced: yes; Forgot Password offered: yes", LostAuthenticatorAsync);
        await ScenarioAsync("b) signed in (app), lost all three items",
            "Completed; bound now: Phone; phone replaced: yes; Forgot Password offered: no", LostEverythingAsync);
        await ScenarioAsync("c) Advanced KYC: face scan instead of codes",
            "Completed; verified by FaceScan; steps required: none; bound now: Email, Authenticator", FaceScanAsync);
        await ScenarioAsync("d1) refused: current email as the new contact",
            "contact.same_as_current, attempt counted (state kept, version +1)", SameContactAsync);
        await ScenarioAsync("d2) refused: not the KYC document",
            "document.not_kyc_document, attempt counted (state kept, version +1); KYC document accepted", NotKycDocumentAsync);
        await ScenarioAsync("d3) refused: code typed after 15 minutes",
            "code.expired, case unchanged", ExpiredCodeAsync);
        await ScenarioAsync("d4) refused: authenticator code replayed in a new case",
            "code.replayed, attempt counted (state kept, version +1)", ReplayedCodeAsync);
        await ScenarioAsync("d5) refused: too many wrong codes",
            "5 × code.invalid (each counted), then code.attempts_exhausted, case unchanged", TooManyWrongCodesAsync);
        await ScenarioAsync("e) strict profile: the owner disputes an approved reset during the window",
            "Rejected; reset applied: no; dispute from Phone while Approved, reset held: yes", DisputedApprovalAsync);

        Summary();
        return new WalkthroughReport([.. _results], _databasePath);
    }

    private async Task StartHostAsync(DateTimeOffset start, Action<SecurityResetOptions>? options = null)
    {
        var folder = options is null ? _folder : System.IO.Directory.CreateDirectory(Path.Combine(_folder, "strict")).FullName;
        _host = await SampleHost.CreateAsync(folder, start, options: options);
        _databasePath ??= _host.DatabasePath; // the run's main file, the one the header names
        _outbox = new Outbox(Console, _host.Messenger);
        _say = new Narrator(Console, _host, _outbox);
    }

    private async ValueTask StopHostAsync()
    {
        if (_host is { } host)
        {
            _host = null!;
            _outbox.Dispose();
            await host.DisposeAsync();
        }
    }

    /// <summary>A case's state and version as its store row has them, and how many events its trail holds.</summary>
    private async Task<(CaseState State, long Version, int Events)> StoredAsync(CaseId id)
    {
        var row = await _host.Store.LoadAsync(id, CancellationToken.None) ?? throw new ScenarioStoppedException("stopped at the restart: the case is not in the store");
        return (row.State, row.Version, (await _host.Store.ReadEventsAsync(id, CancellationToken.None)).Count);
    }

    /// <summary>
    /// Disposes the host and builds a new one over the same file, as a restart of the process would (the demo
    /// accounts are seeded afresh, the fake clock carries on); the case must read back unchanged.
    /// </summary>
    private async Task RestartAsync(CaseId id)
    {
        // Read from the store's columns and trail: a reviewer's read would itself be recorded, and change the case.
        var before = await StoredAsync(id);
        var now = _host.Clock.GetUtcNow();
        await StopHostAsync();
        await StartHostAsync(now);

        var after = await StoredAsync(id);
        _say.Line($"restart: a new host over {SampleHost.DatabaseFileName}", null, new CaseSnapshot(after.State, after.Version));
        var view = Expect(await Service.GetCaseForReviewAsync(id, ReviewerId), "read the case after the restart");
        _say.Note($"read back from the file: {after.State} v{after.Version}, {after.Events} audit events, new email {view.NewContact}; "
            + $"before the restart: {before.State} v{before.Version}, {before.Events} audit events");
        if (after != before)
        {
            throw new ScenarioStoppedException($"stopped at the restart: the case read back is {after.State} v{after.Version}, not {before.State} v{before.Version}");
        }

        _say.Note($"the review goes on in the new host; approving unseals the new email with the key kept in {SampleHost.KeyFileName}");
    }

    // a) The seed's main path: logged out on the web, Forgot Password, the authenticator is lost.
    private async Task<string> LostAuthenticatorAsync()
    {
        var account = DemoAccounts.LostAuthenticator;
        var held = await OpenAsync(OpenCaseRequest.SignedOut(account.Record.Email!, Channel.Web, EntryPoint.ForgotPassword),
            $"open: signed out, web, Forgot Password, typed {Display.MaskEmail(account.Record.Email)}");
        await SelectAsync(held, SecurityItems.Authenticator);
        await VerifyRemainingAsync(held, account);
        await QuestionnaireAndProofsAsync(held, account);
        const string newEmail = "jane.doe.new@example.org";
        await IdentityAsync(held, account, ContactKind.Email, newEmail, Document(account));
        await SubmitAsync(held);
        await RestartAsync(held.Id);
        await ReviewAndApproveAsync(held.Id);

        var view = Expect(await held.CallAsync(a => Service.GetCaseAsync(a)), "read the case");
        var after = _host.Directory.Find(account.Id);
        After(account, view);
        return $"{view.State}; bound now: {Display.Items(Display.BoundItems(after))}; email replaced: {YesNo(after?.Email == newEmail)}; "
            + $"Forgot Password offered: {YesNo(view.OfferForgotPasswordNext)}";
    }

    // b) Logged in on the app and every item lost: nothing remains to verify, so the case goes straight on.
    private async Task<string> LostEverythingAsync()
    {
        var account = DemoAccounts.LostEverything;
        var held = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.App), $"open: signed in as {account.Id}, app");
        var selected = await SelectAsync(held, SecurityItems.All);
        _say.Note($"nothing remains to verify; the policy requires: {Display.Steps(selected.RequiredSteps)}");
        await QuestionnaireAndProofsAsync(held, account);
        const string newPhone = "+4915199990077";
        await IdentityAsync(held, account, ContactKind.Phone, newPhone, Document(account));
        await SubmitAsync(held);
        await ReviewAndApproveAsync(held.Id);

        var view = Expect(await held.CallAsync(a => Service.GetCaseAsync(a)), "read the case");
        var after = _host.Directory.Find(account.Id);
        After(account, view);
        return $"{view.State}; bound now: {Display.Items(Display.BoundItems(after))}; phone replaced: {YesNo(after?.Phone == newPhone)}; "
            + $"Forgot Password offered: {YesNo(view.OfferForgotPasswordNext)}";
    }

    // c) Advanced KYC: the face scan replaces the codes, and the default policy asks for nothing more.
    private async Task<string> FaceScanAsync()
    {
        var account = DemoAccounts.AdvancedKyc;
        var held = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), $"open: signed in as {account.Id}, web");
        var selected = await SelectAsync(held, SecurityItems.Phone);
        _say.Note($"face scan offered: {YesNo(selected.FaceScanOffered)} (Advanced KYC)");

        // The vendor's session, started for this case (its nonce): the client completes it, the host asks the vendor for the result.
        const string session = "scan-session-7f3a";
        _host.IdentityChecks.RegisterFaceScan(account.Id, held.Id, session, passed: true);
        var scanned = Expect(await StepAsync(held, $"face scan, vendor session {session}", a => Service.RecordFaceScanAsync(a, session)), "face scan");
        _say.Note($"steps the policy requires after a face scan: {Display.Steps(scanned.RequiredSteps)}");
        await SubmitAsync(held);
        await ReviewAndApproveAsync(held.Id);

        var review = Expect(await Service.GetCaseForReviewAsync(held.Id, ReviewerId), "read the case");
        var view = Expect(await held.CallAsync(a => Service.GetCaseAsync(a)), "read the case");
        After(account, view);
        return $"{review.State}; verified by {review.VerificationMethod}; steps required: {Display.Steps(review.RequiredSteps)}; "
            + $"bound now: {Display.Items(Display.BoundItems(_host.Directory.Find(account.Id)))}";
    }

    // d1) The new contact may not be the one bound now, however it is typed; the account counts the mismatch.
    private async Task<string> SameContactAsync()
    {
        var account = DemoAccounts.SameContact;
        var held = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), $"open: signed in as {account.Id}, web");
        await SelectAsync(held, SecurityItems.Authenticator);
        await VerifyRemainingAsync(held, account);
        await QuestionnaireAndProofsAsync(held, account);
        var typed = $"  {account.Record.Email!.ToUpperInvariant()} ";
        return await RefusalAsync(held, $"new email {Display.MaskEmail(account.Record.Email)} (the bound one, in capitals)",
            a => Service.SetNewContactAsync(a, ContactKind.Email, typed));
    }

    // d2) An account that completed KYC must show the same document; the account counts the mismatch.
    private async Task<string> NotKycDocumentAsync()
    {
        var account = DemoAccounts.KycDocument;
        var held = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), $"open: signed in as {account.Id}, web");
        await SelectAsync(held, SecurityItems.All);
        await QuestionnaireAndProofsAsync(held, account);
        var other = new DocumentSubmission(DocumentType.DrivingLicence, "GB", "DOE99905122J99AB", DemoEvidence.Upload("licence-front.jpg", "image/jpeg"));
        var refusal = await RefusalAsync(held, "ID document: driving licence (GB), KYC used a passport", a => Service.SubmitDocumentAsync(a, other));
        Expect(await StepAsync(held, "ID document: the KYC passport (GB)", a => Service.SubmitDocumentAsync(a, Document(account))), "KYC document");
        return refusal + "; KYC document accepted";
    }

    // d3) Codes are valid for 15 minutes; the fake clock jumps ahead.
    private async Task<string> ExpiredCodeAsync()
    {
        var account = DemoAccounts.SlowTypist;
        var held = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.App), $"open: signed in as {account.Id}, app");
        await SelectAsync(held, SecurityItems.Authenticator);
        var code = await RequestCodeAsync(held, VerificationTarget.BoundEmail);
        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        _say.Note($"the clock jumps 15 minutes ahead: {Display.Clock(_host.Clock.GetUtcNow())}");
        return await RefusalAsync(held, $"verify email code {code}", a => Service.VerifyCodeAsync(a, VerificationTarget.BoundEmail, code));
    }

    // d4) A time step once accepted is never accepted again, not even in a later case of the same account.
    private async Task<string> ReplayedCodeAsync()
    {
        var account = DemoAccounts.Replayer;
        var first = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), $"open: signed in as {account.Id}, web");
        await SelectAsync(first, SecurityItems.Email);
        var code = Authenticator(account);
        Expect(await StepAsync(first, $"verify authenticator code {code}", a => Service.VerifyAuthenticatorAsync(a, code)), "authenticator");
        Expect(await StepAsync(first, "cancel the case", a => Service.CancelAsync(a)), "cancel");

        var second = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), "open a new case for the same account");
        await SelectAsync(second, SecurityItems.Email);
        return await RefusalAsync(second, $"verify the same authenticator code {code} again", a => Service.VerifyAuthenticatorAsync(a, code));
    }

    // d5) Five wrong codes burn the code; the sixth try is refused even with the right code.
    private async Task<string> TooManyWrongCodesAsync()
    {
        var account = DemoAccounts.Guesser;
        var held = await OpenAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), $"open: signed in as {account.Id}, web");
        await SelectAsync(held, SecurityItems.Authenticator);
        var code = await RequestCodeAsync(held, VerificationTarget.BoundEmail);
        var outcomes = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = WrongCode(code, attempt);
            outcomes.Add(await RefusalAsync(held, $"verify email code {wrong} (try {attempt}, wrong)",
                a => Service.VerifyCodeAsync(a, VerificationTarget.BoundEmail, wrong)));
        }

        var sixth = await RefusalAsync(held, $"verify email code {code} (try 6, the right one)",
            a => Service.VerifyCodeAsync(a, VerificationTarget.BoundEmail, code));
        var first = outcomes.Distinct().ToList() is [var only] && only == "code.invalid, attempt counted (state kept, version +1)"
            ? "5 × code.invalid (each counted)"
            : string.Join(" / ", outcomes);
        return $"{first}, then {sixth}";
    }

    // e) The strict profile waits a day after the approval before the reset applies. Someone who reads the owner's
    // email asks for a reset; the approval notice reaches the phone bound before the case, and the owner's "this
    // wasn't me" holds the reset and sends the case back to review, where it is rejected.
    private async Task<string> DisputedApprovalAsync()
    {
        var account = DemoAccounts.Disputer;
        var now = _host.Clock.GetUtcNow();
        await StopHostAsync();
        await StartHostAsync(now, o => o.UseStrictProfile());
        var window = new SecurityResetOptions().UseStrictProfile().Lifetimes.DisputeWindow;
        _say.Note($"a host with the strict profile: the reset applies {window.TotalHours:0} hours after the approval, unless the owner disputes it first");

        var held = await OpenAsync(OpenCaseRequest.SignedOut(account.Record.Email!, Channel.Web, EntryPoint.ForgotPassword),
            $"open: signed out, web, Forgot Password, typed {Display.MaskEmail(account.Record.Email)}");
        await SelectAsync(held, SecurityItems.Phone | SecurityItems.Authenticator);
        await VerifyRemainingAsync(held, account);
        await QuestionnaireAndProofsAsync(held, account);
        await IdentityAsync(held, account, ContactKind.Phone, "+447700900999", Document(account));
        await SubmitAsync(held);
        await ReviewAndApproveAsync(held.Id);

        var notice = _host.Messenger.Notifications.LastOrDefault(n => n.CaseId == held.Id && n.Subject == NotificationKind.CaseApproved && n.Address == account.Record.Phone && n.DisputeToken is not null)
            ?? throw new ScenarioStoppedException("stopped after the approval: no approval notice reached the bound phone");
        _say.Note($"the owner's phone {Display.Mask(ContactKind.Phone, notice.Address)} shows the approval notice with a \"this wasn't me\" link (a single-use token)");
        _host.Clock.Advance(TimeSpan.FromHours(2));
        var receipt = Expect(await _say.StepAsync(held.Id, "the owner taps \"this wasn't me\" (2 hours later)", () => Service.DisputeAsync(notice.DisputeToken!, "I did not ask for a reset")), "dispute");
        _say.Note($"reset held: {YesNo(receipt.ResetHeld)}; the case is back in the review queue");

        _host.Clock.Advance(window);
        await _host.DispatchDueAsync();
        var review = Expect(await Service.GetCaseForReviewAsync(held.Id, ReviewerId), "read the case");
        var flag = review.Disputes.Count == 1 ? review.Disputes[0] : throw new ScenarioStoppedException($"stopped at the review: {review.Disputes.Count} disputes");
        _say.Note($"past the window the reset still waits: {review.State}; the reviewer sees a dispute from {flag.Channel} {flag.MaskedAddress} while {flag.StateAtDispute}, {Display.Clock(flag.At)}");
        Expect(await _say.StepAsync(held.Id, $"reviewer {ReviewerId} claims the disputed case", () => Service.ClaimAsync(held.Id, ReviewerId)), "claim");
        var rejected = Expect(await _say.StepAsync(held.Id, $"reviewer {ReviewerId} rejects: identity.not_proven", () => Service.RejectAsync(held.Id, ReviewerId, "identity.not_proven")), "reject");

        var after = _host.Directory.Find(account.Id);
        _say.Note($"account {account.Id} after:  {Display.Bound(after)}");
        var unchanged = after is not null && after.Email == account.Record.Email && after.Phone == account.Record.Phone && after.AuthenticatorBound == account.Record.AuthenticatorBound;
        return $"{rejected.State}; reset applied: {YesNo(!unchanged)}; dispute from {flag.Channel} while {flag.StateAtDispute}, reset held: {YesNo(receipt.ResetHeld)}";
    }

    private void Header(DateTimeOffset start)
    {
        Terminal.Heading(Console, "SecurityReset console host: scripted walkthrough");
        _host.Describe(Console, "(this run's own file, deleted at the end; --interactive, review, status and continue use the working folder's)");
        Console.MarkupLineInterpolated($"clock: fake, starting {Display.Time(start)}; messenger: recording outbox (codes shown in clear, destinations masked); identity vendor: in-memory");
        Console.MarkupLine("applicant: the app keeps each case's id and credential in memory (never shown) and takes the new credential each verified factor hands out");
    }

    private async Task ScenarioAsync(string name, string expected, Func<Task<string>> body)
    {
        Console.WriteLine();
        Terminal.Heading(Console, name);
        string actual;
        try
        {
            actual = await body();
        }
        catch (ScenarioStoppedException stopped)
        {
            actual = stopped.Message;
        }
#pragma warning disable CA1031 // A scenario that throws is reported as failed and the walkthrough goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            actual = $"threw {ex.GetType().Name}: {ex.Message}";
        }

        var result = new ScenarioResult(name, expected, actual);
        _results.Add(result);
        if (result.Ok)
        {
            Console.MarkupLineInterpolated($"  [green]as expected:[/] {actual}");
        }
        else
        {
            Console.MarkupLineInterpolated($"  [red]NOT as expected:[/] {actual}");
            Console.MarkupLineInterpolated($"  [red]expected:[/] {expected}");
        }
    }

    private void Summary()
    {
        Console.WriteLine();
        var table = Terminal.Table(Console, "scenario", "expected", "actual", "ok");
        foreach (var result in _results)
        {
            table.AddRow(
                new Text(result.Name),
                new Text(result.Expected),
                new Text(result.Actual),
                new Markup(result.Ok ? "[green]yes[/]" : "[red]NO[/]"));
        }

        Console.Write(table);
        var failed = _results.Count(r => !r.Ok);
        if (failed == 0)
        {
            Console.MarkupLineInterpolated($"[green]All {_results.Count} scenarios ended as expected.[/] Exit code 0.");
        }
        else
        {
            Console.MarkupLineInterpolated($"[red]{failed} of {_results.Count} scenarios did not end as expected.[/] Exit code 1.");
        }
    }

    /// <summary>
    /// Opens a case and holds it as the applicant's app would: the case id and the credential the open issued, in
    /// memory only, replaced with the new one each verified factor's answer carries (<see cref="HeldCase"/>).
    /// </summary>
    private async Task<HeldCase> OpenAsync(OpenCaseRequest request, string what)
    {
        var opened = await _say.StepAsync(null, what, () => Service.OpenCaseAsync(request), v => v.Id);
        var view = Expect(opened, "open");
        _say.Note($"case {view.Id}; bound: {Display.Items(view.BoundItems)}; expires {Display.Time(view.ExpiresAt)}");
        return new HeldCase(view.Access ?? throw new ScenarioStoppedException("stopped at 'open': the answer carries no credential"));
    }

    /// <summary>Runs an applicant's step with the credential held now, keeps the one its answer carries, and prints its line.</summary>
    private Task<ResetResult<ApplicantCaseView>> StepAsync(HeldCase held, string what, Func<ApplicantAccess, Task<ResetResult<ApplicantCaseView>>> call) =>
        _say.StepAsync(held.Id, what, () => held.CallAsync(call));

    private async Task<ApplicantCaseView> SelectAsync(HeldCase held, SecurityItems items) =>
        Expect(await StepAsync(held, $"select the lost items: {Display.Items(items)}", a => Service.SelectItemsAsync(a, items)), "select items");

    /// <summary>Verifies every remaining item the way the applicant would: codes from the outbox, the authenticator app's code.</summary>
    private async Task VerifyRemainingAsync(HeldCase held, DemoAccount account)
    {
        var view = Expect(await held.CallAsync(a => Service.GetCaseAsync(a)), "read the case");
        if ((view.RemainingItems & SecurityItems.Email) != 0)
        {
            var code = await RequestCodeAsync(held, VerificationTarget.BoundEmail);
            Expect(await StepAsync(held, $"verify email code {code}", a => Service.VerifyCodeAsync(a, VerificationTarget.BoundEmail, code)), "verify email");
        }

        if ((view.RemainingItems & SecurityItems.Phone) != 0)
        {
            var code = await RequestCodeAsync(held, VerificationTarget.BoundPhone);
            Expect(await StepAsync(held, $"verify SMS code {code}", a => Service.VerifyCodeAsync(a, VerificationTarget.BoundPhone, code)), "verify SMS");
        }

        if ((view.RemainingItems & SecurityItems.Authenticator) != 0)
        {
            var code = Authenticator(account);
            Expect(await StepAsync(held, $"verify authenticator code {code}", a => Service.VerifyAuthenticatorAsync(a, code)), "verify authenticator");
        }
    }

    /// <summary>Asks for a code and, once the dispatcher has delivered it, reads it from the messenger, as the applicant reads their inbox.</summary>
    private async Task<string> RequestCodeAsync(HeldCase held, VerificationTarget target)
    {
        var what = target switch
        {
            VerificationTarget.BoundEmail => "get a code by email",
            VerificationTarget.BoundPhone => "get a code by SMS",
            _ => "get a code at the new contact",
        };
        Expect(await _say.RequestCodeAsync(held, what, target), what);
        return _host.Messenger.Codes.LastOrDefault(c => c.CaseId == held.Id)?.Code
            ?? throw new ScenarioStoppedException($"no code delivered after '{what}'");
    }

    private async Task QuestionnaireAndProofsAsync(HeldCase held, DemoAccount account)
    {
        var facts = account.Facts;

        // What the applicant remembers: most of it, not the withdrawal address.
        var answers = new QuestionnaireAnswers(
            RecentTrades: [facts.RecentTrades[0]],
            AssetHoldings: [.. facts.AssetHoldings],
            DepositAddresses: [.. facts.DepositAddresses],
            WithdrawalAddresses: [],
            AntiPhishingCode: facts.AntiPhishingCode,
            Nickname: facts.Nickname);
        Expect(await StepAsync(held, "answer the questionnaire (the score is not shown)", a => Service.AnswerQuestionnaireAsync(a, answers)), "questionnaire");

        SupplementaryProof[] proofs =
        [
            new(ProofKind.SourceOfFunds, DemoEvidence.Upload("salary-statement.pdf", "application/pdf")),
            new(ProofKind.DestinationOfFunds, DemoEvidence.Upload("bank-transfer-receipt.pdf", "application/pdf")),
            new(ProofKind.NotificationRecords, DemoEvidence.Upload("deposit-notification.png", "image/png")),
            new(ProofKind.FiatTransactionRecords, DemoEvidence.Upload("card-purchases.pdf", "application/pdf")),
            new(ProofKind.Other, DemoEvidence.Upload("phone-contract.pdf", "application/pdf")),
        ];
        Expect(await StepAsync(held, "provide proofs: 4 required kinds + 1 other", a => Service.ProvideProofsAsync(a, proofs)), "proofs");
        _say.Note($"e.g. {proofs[0].File.Id}, {proofs[0].File.SizeBytes} bytes, sha256 {proofs[0].File.Sha256[..16]}…");
    }

    private async Task IdentityAsync(HeldCase held, DemoAccount account, ContactKind kind, string address, DocumentSubmission document)
    {
        var label = kind == ContactKind.Email ? "email" : "phone";
        Expect(await StepAsync(held, $"new {label} {Display.Mask(kind, address)}", a => Service.SetNewContactAsync(a, kind, address)), "new contact");
        var code = await RequestCodeAsync(held, VerificationTarget.NewContact);
        Expect(await StepAsync(held, $"verify new {label} code {code}", a => Service.VerifyCodeAsync(a, VerificationTarget.NewContact, code)), "verify new contact");
        Expect(await StepAsync(held, $"ID document: {document.Type} ({document.IssuingCountry}), front image", a => Service.SubmitDocumentAsync(a, document)), "document");

        var today = DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime);
        var statement = new DeclaredStatement(account.Id, account.Record.Email ?? string.Empty, account.Record.Phone ?? string.Empty, today, TimeSpan.Zero,
            "I lost access to my security items and ask for them to be reset.");
        var video = new VerificationVideo(DemoEvidence.Upload("statement-video.mp4", "video/mp4"), statement);
        Expect(await StepAsync(held, $"video statement: UID {account.Id}, {today:yyyy-MM-dd} (UTC+0), reason", a => Service.SubmitVideoAsync(a, video)), "video");
        Expect(await StepAsync(held, $"accept terms {TermsVersion}", a => Service.AcceptTermsAsync(a, TermsVersion)), "terms");
    }

    private async Task SubmitAsync(HeldCase held) =>
        Expect(await StepAsync(held, "submit", a => Service.SubmitAsync(a)), "submit");

    private async Task ReviewAndApproveAsync(CaseId id)
    {
        var queue = (await Service.ListReviewQueueAsync()).View!;
        _say.Note($"review queue: {queue.Cases.Count} case(s)");
        foreach (var queued in queue.Cases)
        {
            _say.Note($"  {queued.Id}  account {queued.AccountId}  items {Display.Items(queued.SelectedItems)}  submitted {Display.Clock(queued.SubmittedAt)}");
        }

        var claimed = Expect(await _say.StepAsync(id, $"reviewer {ReviewerId} claims the case", () => Service.ClaimAsync(id, ReviewerId)), "claim");
        var score = claimed.QuestionnaireScore is { } s ? $"{s.Points}/{s.MaxPoints}" : "none";
        _say.Note($"reviewer sees: verified by {claimed.VerificationMethod}, questionnaire score {score}, {claimed.Proofs.Count} proofs, "
            + $"document {claimed.DocumentType?.ToString() ?? "none"}, video {(claimed.Video is null ? "none" : "yes")}");
        Expect(await _say.StepAsync(id, $"reviewer {ReviewerId} approves", () => Service.ApproveAsync(id, ReviewerId)), "approve");
    }

    private void After(DemoAccount account, ApplicantCaseView view)
    {
        _say.Note($"account {account.Id} before: {Display.Bound(account.Record)}");
        _say.Note($"account {account.Id} after:  {Display.Bound(_host.Directory.Find(account.Id))}");
        if (view.WithdrawalsProtectedUntil is { } until)
        {
            _say.Note($"withdrawals protected until {Display.Time(until)}");
        }

        _say.Note(view.OfferForgotPasswordNext
            ? "next: offer Forgot Password (the case came in through Forgot Password)"
            : "next: nothing; the applicant did not come through Forgot Password");
    }

    /// <summary>Runs a call that should be refused; returns its error code and whether the case changed.</summary>
    private async Task<string> RefusalAsync(HeldCase held, string what, Func<ApplicantAccess, Task<ResetResult<ApplicantCaseView>>> call)
    {
        var before = await _say.SnapshotAsync(held.Id);
        var result = await StepAsync(held, what, call);
        var after = await _say.SnapshotAsync(held.Id);
        var change = before is null || after is null ? "case missing"
            : before == after ? "case unchanged"
            : before.State == after.State && after.Version == before.Version + 1 ? "attempt counted (state kept, version +1)"
            : $"case changed ({before} → {after})";
        _say.Note($"before: {before}, after: {after}: {change}");
        return $"{result.ErrorCode ?? "accepted"}, {change}";
    }

    private string Authenticator(DemoAccount account)
    {
        // The applicant's authenticator app, reading the same (fake) clock.
        var code = account.AuthenticatorCode(_host.Clock.GetUtcNow())
            ?? throw new InvalidOperationException($"Demo account {account.Id} has no authenticator.");
        _say.Note($"authenticator app shows {code}");
        return code;
    }

    private static DocumentSubmission Document(DemoAccount account) =>
        account.Record.KycDocument is { } kyc
            ? new DocumentSubmission(kyc.Type, kyc.IssuingCountry, kyc.Number, DemoEvidence.Upload("kyc-document-front.jpg", "image/jpeg"))
            : new DocumentSubmission(DocumentType.Passport, "GB", $"P{account.Id}", DemoEvidence.Upload("passport-front.jpg", "image/jpeg"));

    private static string WrongCode(string code, int attempt) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + attempt) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static TView Expect<TView>(ResetResult<TView> result, string what)
        where TView : class =>
        result is { Succeeded: true, View: { } view } ? view : throw new ScenarioStoppedException($"stopped at '{what}': {result.ErrorCode ?? "no view"}");
}

/// <summary>A step that should have succeeded was refused: the scenario ends there.</summary>
internal sealed class ScenarioStoppedException : Exception
{
    public ScenarioStoppedException()
    {
    }

    public ScenarioStoppedException(string message)
        : base(message)
    {
    }

    public ScenarioStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
