using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// Guides a person through one case at the prompt: they pick a demo account, choose the lost items, type
/// the codes shown in the outbox, answer the questionnaire and so on, then play the reviewer. Every input is
/// checked by the library; a refusal shows its error code and message. End of input or <c>quit</c> leaves
/// cleanly at any prompt. The applicant's app holds the case's credential (<see cref="HeldCase"/>) and keeps it,
/// and each new one a verified factor hands out, in its state file (<see cref="ApplicantStorage"/>): a later run
/// continues the case with it. The reviewer needs none.
/// </summary>
internal sealed class InteractiveSession
{
    private const string TermsVersion = Walkthrough.TermsVersion;
    private const string ReviewerId = "support-you";

    private readonly IAnsiConsole _console;
    private readonly TextReader _input;
    private readonly SampleHost _host;
    private readonly bool _echo;
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private TimeSpan _clockSynced;
    private Narrator _say = null!;
    private DemoAccount _account = null!;
    private CaseId _id;
    private HeldCase? _held;

    /// <summary>Creates a session.</summary>
    /// <param name="console">Where output goes.</param>
    /// <param name="input">Where lines are read from.</param>
    /// <param name="host">The services.</param>
    /// <param name="echo">Whether to repeat each line read, for input that is not typed at a terminal.</param>
    public InteractiveSession(IAnsiConsole console, TextReader input, SampleHost host, bool echo)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _host = host ?? throw new ArgumentNullException(nameof(host));
        _echo = echo;
    }

    private SecurityResetService Service => _host.Service;

    /// <summary>Runs the session: the person picks an account and opens a case, or takes up the account's open one.</summary>
    /// <returns>The exit code: 0, also when the person leaves early.</returns>
    public Task<int> RunAsync() => SessionAsync(async () =>
    {
        Terminal.Heading(_console, "SecurityReset console host: interactive case");
        Introduce();
        ChooseAccount();
        await OpenAsync();
        await LoopAsync();
    });

    /// <summary>Takes up a case kept from an earlier run, where it stands: as the applicant, or as the reviewer once submitted.</summary>
    /// <param name="caseIdText">The case id as typed.</param>
    /// <returns>The exit code: 1 when there is no such case or it belongs to no demo account, 0 otherwise.</returns>
    public async Task<int> ContinueAsync(string caseIdText)
    {
        // Where the case stands, from the store's columns: a reviewer's read would be recorded on the trail as a look at the evidence.
        var view = CaseId.TryParse(caseIdText?.Trim(), out var id) ? await _host.Store.LoadAsync(id, CancellationToken.None) : null;
        if (view is null)
        {
            _console.MarkupLineInterpolated($"[red]{ErrorCodes.CaseNotFound}[/]: No such case.");
            return 1;
        }

        if (DemoAccounts.All.FirstOrDefault(a => a.Id == view.AccountId) is not { } account)
        {
            _console.MarkupLineInterpolated($"Case {id} was opened for an email or phone that matched no demo account: no code ever reaches it, so it can only wait to expire.");
            return 1;
        }

        if (!view.IsOpen)
        {
            _console.MarkupLineInterpolated($"Case {id} has ended as {view.State} v{view.Version}: nothing more to do. status {id} shows its audit trail.");
            return 0;
        }

        // The applicant continues with the credential this app kept; the reviewer needs none.
        var kept = _host.Storage.Find(id);
        if (kept is null && !ForReview(view.State))
        {
            _console.MarkupLineInterpolated(
                $"This app holds no credential for case {id} ({view.State} v{view.Version}): only the app that opened it can continue it as the applicant, and the case id alone grants nothing. A reviewer takes it up once it is submitted.");
            return 1;
        }

        return await SessionAsync(async () =>
        {
            Terminal.Heading(_console, "SecurityReset console host: interactive case, continued");
            Introduce();
            _account = account;
            _id = id;
            if (kept is var (access, heldAs))
            {
                Hold(access, heldAs);
            }

            _console.MarkupLineInterpolated($"Case {id} of demo account {account.Id} ({account.Description}), {view.State} v{view.Version}.");
            if (kept is null)
            {
                _say.Note($"this app holds no credential for the case ({ApplicantStorage.FileName} has none): you take it up as the reviewer only");
            }

            await LoopAsync();
        });
    }

    private async Task<int> SessionAsync(Func<Task> run)
    {
        using var outbox = new Outbox(_console, _host.Messenger);
        _say = new Narrator(_console, _host, outbox);
        try
        {
            await run();
        }
        catch (LeaveException leave)
        {
            _console.WriteLine();
            _console.MarkupLineInterpolated($"[grey]{leave.Message}: leaving.[/]");
        }

        if (_id != default && (await _say.SnapshotAsync(_id)) is { } last)
        {
            _console.MarkupLineInterpolated($"Case {_id} ends this session as {last}.");
            var next = Waiting(last.State) is { } waiting
                ? waiting == Wait.Ended
                    ? $"status {_id} shows its audit trail"
                    : $"review lists it, continue {_id} takes it up as the reviewer and status {_id} shows it"
                : $"continue {_id} takes it up again and status {_id} shows it";
            _console.MarkupLineInterpolated($"[grey]It is kept in {SampleHost.DatabaseFileName}: in a later run, {next}.[/]");
            if (_held is not null)
            {
                _console.MarkupLineInterpolated($"[grey]This app keeps its credential for the case in {ApplicantStorage.FileName} (never shown).[/]");
            }
        }

        return 0;
    }

    private void Introduce()
    {
        _console.MarkupLine("You are the applicant. Codes you ask for are on their way once the request is committed, and appear as [yellow]outbox[/] lines when delivered: type them back.");
        _console.MarkupLine("Type [bold]quit[/] at any prompt to leave; an empty line repeats the question or takes the value in brackets.");
        _console.WriteLine();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            if (_held is null)
            {
                if (await ReviewOnlyAsync())
                {
                    continue;
                }

                return;
            }

            var read = await _held.CallAsync(access => Service.GetCaseAsync(access));
            if (read.Error?.Code == ErrorCodes.CredentialInvalid)
            {
                // Another run of the app moved the credential on, or the case was superseded: this one holds nothing now.
                _host.Storage.Forget(_id);
                throw new LeaveException($"this app's credential for the case no longer works ({read.Error.Code})");
            }

            var view = read.View ?? throw new LeaveException("the case vanished");
            _console.WriteLine();
            _console.MarkupLineInterpolated($"[bold]Case {view.State}[/] [grey](v{(await _say.SnapshotAsync(_id))?.Version}, demo clock {Display.Clock(_host.Clock.GetUtcNow())})[/]");
            switch (Waiting(view))
            {
                case Wait.Ended:
                    Finished(view);
                    return;
                case Wait.ForReview:
                    await ReviewAsync();
                    break;
                default:
                    await OfferAsync(view);
                    break;
            }
        }
    }

    private void ChooseAccount()
    {
        var table = Terminal.Table(_console, "#", "UID", "bound items", "KYC", "about");
        for (var i = 0; i < DemoAccounts.Interactive.Count; i++)
        {
            var a = DemoAccounts.Interactive[i];
            table.AddRow(
                new Text((i + 1).ToString(CultureInfo.InvariantCulture)),
                new Text(a.Id),
                new Text(Display.Bound(a.Record)),
                new Text(a.Record.Kyc.ToString()),
                new Text(a.Description));
        }

        _console.Write(table);
        _account = DemoAccounts.Interactive[Choose("Which demo account are you", DemoAccounts.Interactive.Count)];
    }

    private async Task OpenAsync()
    {
        string[] ways = ["signed in, on the web (Security → Change → Reset)", "signed in, in the app", "signed out: Forgot Password on the web"];
        for (var i = 0; i < ways.Length; i++)
        {
            _console.MarkupLineInterpolated($"  {i + 1}) {ways[i]}");
        }

        var way = Choose("How do you come in", ways.Length);
        if (await HeldOpenCaseAsync() is { } held)
        {
            // The app kept this account's case from an earlier session (or run), with its credential.
            var (open, view) = held;
            _console.MarkupLineInterpolated($"    [grey]case {open.Id} is still open ({view.State} v{view.Version}); this app holds it; expires {Display.Time(view.ExpiresAt)}[/]");
            _console.MarkupLine("  1) Continue it");
            _console.MarkupLine("  2) Cancel it and open a new one");
            if (Choose("Choose", 2) == 0)
            {
                return;
            }

            await StepAsync("cancel the case", access => Service.CancelAsync(access));
            _host.Storage.Forget(open.Id);
        }

        while (true)
        {
            OpenCaseRequest request;
            string what;
            if (way < 2)
            {
                var channel = way == 0 ? Channel.Web : Channel.App;
                request = OpenCaseRequest.SignedIn(_account.Id, channel);
                what = $"open: signed in as {_account.Id}, {channel}";
            }
            else
            {
                _console.MarkupLine("[grey]If what you type matches no account you still get a case that looks the same, but no code ever arrives: the library never tells whether an account exists.[/]");
                var typed = Ask("Email or phone you type on the login page", _account.Record.Email);
                request = OpenCaseRequest.SignedOut(typed, Channel.Web, EntryPoint.ForgotPassword);
                what = "open: signed out, web, Forgot Password";
            }

            var opened = await _say.StepAsync(null, what, () => Service.OpenCaseAsync(request), v => v.Id);
            if (opened.View is { Access: { } access } view)
            {
                Hold(access, _account.Id);
                _console.MarkupLineInterpolated($"    [grey]case {view.Id}; expires {Display.Time(view.ExpiresAt)}; this app keeps its credential in {ApplicantStorage.FileName}[/]");
                return;
            }

            if (opened.Error?.Code == ErrorCodes.CaseAlreadyOpen)
            {
                // Signed out, and the account's owner proved a factor in a case this app does not hold: nothing of it is shown.
                _say.Note("the account's owner has a case open that this app does not hold: continue it where it was started, sign in to start over (your own case supersedes it), or wait until it expires");
            }

            if (way < 2)
            {
                throw new LeaveException("the case could not be opened");
            }
        }
    }

    /// <summary>The case this app holds for the demo account, when it is still open and the credential still works.</summary>
    private async Task<(HeldCase Held, ApplicantCaseView View)?> HeldOpenCaseAsync()
    {
        if (_host.Storage.LatestFor(_account.Id) is not { } access)
        {
            return null;
        }

        var held = Hold(access, _account.Id);
        var read = await held.CallAsync(a => Service.GetCaseAsync(a));
        if (read.View is { } view && !HeldCase.Ended(view.State))
        {
            return (held, view);
        }

        // Ended, superseded or unknown here: nothing to continue, and the credential is of no further use.
        _host.Storage.Forget(access.CaseId);
        _held = null;
        _id = default;
        return null;
    }

    /// <summary>Holds a case: its credential is kept in the app's state file, and so is each new one.</summary>
    private HeldCase Hold(ApplicantAccess access, string accountId)
    {
        _id = access.CaseId;
        _host.Storage.Keep(accountId, access);
        return _held = new HeldCase(access, next => _host.Storage.Keep(accountId, next));
    }

    /// <summary>Runs an applicant's step with the credential held now, keeps the one its answer carries, and prints its line.</summary>
    private async Task StepAsync(string what, Func<ApplicantAccess, Task<ResetResult<ApplicantCaseView>>> call)
    {
        var held = _held ?? throw new LeaveException("this app holds no credential for the case");
        await _say.StepAsync(_id, what, () => held.CallAsync(call));
    }

    /// <summary>
    /// The reviewer's turn on a case this app holds no credential for: the review when it waits for one; otherwise
    /// where it stands, and the session ends.
    /// </summary>
    /// <returns>Whether the reviewer acted and the loop goes on.</returns>
    private async Task<bool> ReviewOnlyAsync()
    {
        var view = (await Service.GetCaseForReviewAsync(_id, ReviewerId)).View ?? throw new LeaveException("the case vanished");
        _console.WriteLine();
        _console.MarkupLineInterpolated($"[bold]Case {view.State}[/] [grey](v{view.Version}, demo clock {Display.Clock(_host.Clock.GetUtcNow())})[/]");
        if (ForReview(view.State))
        {
            await ReviewAsync();
            return true;
        }

        if (view.IsOpen)
        {
            _console.MarkupLineInterpolated($"The case is back with the applicant ({view.State}): they continue it in the app that holds its credential.");
            return false;
        }

        _console.MarkupLineInterpolated($"The case ended: [bold]{view.State}[/].");
        if (view.State == CaseState.Completed)
        {
            _say.Note($"account {_account.Id} before: {Display.Bound(_account.Record)}");
            _say.Note($"account {_account.Id} after:  {Display.Bound(_host.Directory.Find(_account.Id))}");
        }

        return false;
    }

    /// <summary>
    /// Offers what the case reports the applicant may do now: one form is filled at once, several make a menu.
    /// Which destination a code action is for comes from the view's items and new contact.
    /// </summary>
    private async Task OfferAsync(ApplicantCaseView view)
    {
        var offers = Offers(view);
        if (offers is [{ Form: true } only])
        {
            await only.Run();
            return;
        }

        if (Can(view, CaseAction.Cancel))
        {
            offers.Add(new("Cancel the case", CancelAsync));
        }

        await MenuAsync(Title(view), offers);
    }

    /// <summary>The applicant's offers, one or more per available action, in the order the steps ask for them; no cancel.</summary>
    private List<Offer> Offers(ApplicantCaseView view)
    {
        var offers = new List<Offer>();
        if (Can(view, CaseAction.SelectItems))
        {
            offers.Add(new("Select the lost items", () => SelectItemsAsync(view), Form: true));
        }

        var pending = view.RemainingItems & ~view.VerifiedItems;
        var codes = (Request: Can(view, CaseAction.RequestCode), Verify: Can(view, CaseAction.VerifyCode));
        if ((pending & SecurityItems.Email) != 0)
        {
            AddCodeOffers(VerificationTarget.BoundEmail, $"Get a code by email (to {view.BoundEmail})", "get a code by email", "Type the email code", "Email code");
        }

        if ((pending & SecurityItems.Phone) != 0)
        {
            AddCodeOffers(VerificationTarget.BoundPhone, $"Get a code by SMS (to {view.BoundPhone})", "get a code by SMS", "Type the SMS code", "SMS code");
        }

        if (Can(view, CaseAction.VerifyAuthenticator))
        {
            offers.Add(new("Type the authenticator code", AuthenticatorAsync));
        }

        if (view.FaceScanOffered)
        {
            offers.Add(new("Do the face scan instead of codes (Advanced KYC)", FaceScanAsync));
        }

        if (offers.Count > 0 && !Can(view, CaseAction.SelectItems))
        {
            offers.Add(new("Let 15 minutes pass (the demo clock jumps ahead)", SkipAheadAsync));
        }

        if (Can(view, CaseAction.AnswerQuestionnaire))
        {
            offers.Add(new(Again("Answer the questionnaire", view.QuestionnaireAnswered), QuestionnaireAsync, Form: true));
        }

        if (Can(view, CaseAction.ProvideProofs))
        {
            offers.Add(new(Again("Provide the proofs", view.ProofsProvided), ProofsAsync, Form: true));
        }

        if (Can(view, CaseAction.SetNewContact))
        {
            offers.Add(new("Give the new email or phone", NewContactAsync));
        }

        if (view.NewContact is not null && !view.NewContactVerified)
        {
            AddCodeOffers(VerificationTarget.NewContact, "Get a code at the new contact", "get a code at the new contact", "Type the new contact's code", "New contact code");
        }

        if (Can(view, CaseAction.SubmitDocument))
        {
            offers.Add(new(Again("Upload the ID document", view.DocumentProvided && view.RequestedAmendments != AmendableItems.None), DocumentAsync));
        }

        if (Can(view, CaseAction.SubmitVideo))
        {
            offers.Add(new(Again("Record the verification video", view.VideoProvided && view.RequestedAmendments != AmendableItems.None), VideoAsync));
        }

        if (Can(view, CaseAction.AcceptTerms))
        {
            offers.Add(new($"Accept the terms (version {TermsVersion})", () => StepAsync($"accept terms {TermsVersion}", access => Service.AcceptTermsAsync(access, TermsVersion))));
        }

        if (Can(view, CaseAction.Submit))
        {
            offers.Add(new(view.RequestedAmendments == AmendableItems.None ? "Submit" : "Resubmit", SubmitAsync));
        }

        return offers;

        void AddCodeOffers(VerificationTarget target, string requestLabel, string requestWhat, string verifyLabel, string verifyPrompt)
        {
            if (codes.Request)
            {
                offers.Add(new(requestLabel, () => RequestCodeAsync(target, requestWhat)));
            }

            if (codes.Verify)
            {
                offers.Add(new(verifyLabel, () => TypeCodeAsync(target, verifyPrompt)));
            }
        }
    }

    /// <summary>The menu's title: what the view says about the steps whose actions are open.</summary>
    private static string Title(ApplicantCaseView view)
    {
        var parts = new List<string>();
        if ((view.RemainingItems & ~view.VerifiedItems) != 0 || view.FaceScanOffered)
        {
            parts.Add($"Verify the items you still have. Remaining: {Display.Items(view.RemainingItems)}; verified: {Display.Items(view.VerifiedItems)}.");
        }

        if (Can(view, CaseAction.SetNewContact))
        {
            var contact = view.NewContact is null ? "not given" : $"{view.NewContact} ({(view.NewContactVerified ? "verified" : "not verified")})";
            parts.Add($"Personal information and identity. New contact: {contact}; ID document: {YesNo(view.DocumentProvided)}; "
                + $"video: {YesNo(view.VideoProvided)}; terms: {view.AcceptedTermsVersion ?? "not accepted"}.");
        }

        if (view.RequestedAmendments != AmendableItems.None)
        {
            parts.Add($"The reviewer asks you to amend: {view.RequestedAmendments} (reason {view.ReasonCode}).");
        }

        if (parts.Count == 0)
        {
            parts.Add(Can(view, CaseAction.Submit) ? "Nothing more is required." : "Choose what to do.");
        }

        return string.Join(" ", parts);
    }

    /// <summary>
    /// Whether the case waits for someone other than the applicant: the case reports no action but cancelling
    /// (the review), or none at all (it ended); <see langword="null"/> while the applicant has work to do.
    /// </summary>
    private static Wait? Waiting(ApplicantCaseView view) => view.AvailableActions switch
    {
        [] => Wait.Ended,
        _ when view.AvailableActions.All(a => a == CaseAction.Cancel) => Wait.ForReview,
        _ => null,
    };

    /// <summary>The same from the state alone, as the reviewer's view shows it (no credential needed).</summary>
    private static Wait? Waiting(CaseState state) =>
        HeldCase.Ended(state) || state == CaseState.Approved ? Wait.Ended : ForReview(state) ? Wait.ForReview : null;

    /// <summary>Whether the case waits in the review queue or with its reviewer.</summary>
    private static bool ForReview(CaseState state) => state is CaseState.Submitted or CaseState.UnderReview;

    private static bool Can(ApplicantCaseView view, CaseAction action) => view.AvailableActions.Contains(action);

    private static string Again(string label, bool again) => again ? label + " again" : label;

    private async Task SelectItemsAsync(ApplicantCaseView view)
    {
        _console.MarkupLineInterpolated($"Bound to the account: {Bound(view)}");
        var answer = Ask("Which items can you no longer use? (email, phone, authenticator; several with commas, or all)");
        if (!TryParseItems(answer, out var items))
        {
            Warn("Use the words email, phone, authenticator or all.");
            return;
        }

        await StepAsync($"select the lost items: {Display.Items(items)}", access => Service.SelectItemsAsync(access, items));
    }

    private async Task RequestCodeAsync(VerificationTarget target, string what) =>
        await _say.RequestCodeAsync(_held ?? throw new LeaveException("this app holds no credential for the case"), what, target);

    private async Task TypeCodeAsync(VerificationTarget target, string prompt)
    {
        var code = Ask(prompt);
        await StepAsync($"verify {prompt.ToLowerInvariant()} {code}", access => Service.VerifyCodeAsync(access, target, code));
    }

    private async Task AuthenticatorAsync()
    {
        if (_account.AuthenticatorCode(_host.Clock.GetUtcNow()) is { } shown)
        {
            _console.MarkupLineInterpolated($"    [yellow]authenticator app[/] (demo) shows [bold yellow]{shown}[/]");
        }

        var code = Ask("Authenticator code");
        await StepAsync($"verify authenticator code {code}", access => Service.VerifyAuthenticatorAsync(access, code));
    }

    private async Task FaceScanAsync()
    {
        var matched = AskYesNo("The demo vendor scans your face. Should it match?", defaultYes: true);
        // The host starts the vendor's session for the account with the case id as its nonce; the vendor records the outcome.
        var session = _host.IdentityChecks.StartFaceScan(_account.Id, _id);
        _host.IdentityChecks.CompleteFaceScan(session, matched);
        await StepAsync($"face scan, vendor session {session}", access => Service.RecordFaceScanAsync(access, session));
    }

    private Task SkipAheadAsync()
    {
        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        _say.Note($"the demo clock is now {Display.Clock(_host.Clock.GetUtcNow())}");
        return Task.CompletedTask;
    }

    private async Task QuestionnaireAsync()
    {
        _console.MarkupLine("Account Information Questionnaire. Lists take commas; leave a line empty when you do not remember.");
        _console.MarkupLineInterpolated($"[grey]demo hint: this account's trades are {string.Join(", ", _account.Facts.RecentTrades)}; holdings {string.Join(", ", _account.Facts.AssetHoldings)}; nickname {_account.Facts.Nickname}[/]");
        var answers = new QuestionnaireAnswers(
            RecentTrades: List(Ask("Recent trades", allowEmpty: true)),
            AssetHoldings: List(Ask("Asset holdings", allowEmpty: true)),
            DepositAddresses: List(Ask("Frequently used deposit addresses", allowEmpty: true)),
            WithdrawalAddresses: List(Ask("Frequently used withdrawal addresses", allowEmpty: true)),
            AntiPhishingCode: NullIfEmpty(Ask("Anti-phishing code", allowEmpty: true)),
            Nickname: NullIfEmpty(Ask("Account nickname", allowEmpty: true)));
        await StepAsync("answer the questionnaire (the score is not shown)", access => Service.AnswerQuestionnaireAsync(access, answers));
    }

    private async Task ProofsAsync()
    {
        _console.MarkupLine("Supplementary Proof Materials. Name a file for each (pdf, jpg or png); the sample \"uploads\" it and keeps its SHA-256.");
        var proofs = new List<SupplementaryProof>
        {
            Proof(ProofKind.SourceOfFunds, "Proof of source of funds", "source-of-funds.pdf"),
            Proof(ProofKind.DestinationOfFunds, "Proof of destination of funds", "destination-of-funds.pdf"),
            Proof(ProofKind.NotificationRecords, "Notification records", "notifications.png"),
            Proof(ProofKind.FiatTransactionRecords, "Fiat transaction records", "fiat-transactions.pdf"),
        };
        var other = Ask("Other evidence (optional; empty for none)", allowEmpty: true);
        if (other.Length > 0)
        {
            proofs.Add(new SupplementaryProof(ProofKind.Other, DemoEvidence.Upload(other, DemoEvidence.MediaTypeOf(other))));
        }

        await StepAsync($"provide {proofs.Count} proofs", access => Service.ProvideProofsAsync(access, proofs));
    }

    private SupplementaryProof Proof(ProofKind kind, string label, string defaultName)
    {
        var name = Ask(label, defaultName);
        return new SupplementaryProof(kind, DemoEvidence.Upload(name, DemoEvidence.MediaTypeOf(name)));
    }

    private async Task NewContactAsync()
    {
        var address = Ask("New email, or phone in E.164 (+4915112345678); not the one bound now");
        var kind = address.Contains('@', StringComparison.Ordinal) ? ContactKind.Email : ContactKind.Phone;
        await StepAsync($"new {(kind == ContactKind.Email ? "email" : "phone")} {Display.Mask(kind, address)}",
            access => Service.SetNewContactAsync(access, kind, address));
    }

    private async Task DocumentAsync()
    {
        if (_account.Record.KycDocument is { } kyc)
        {
            _console.MarkupLineInterpolated($"[grey]demo hint: this account did KYC with {kyc.Type} {kyc.IssuingCountry} {kyc.Number}; it must be the same document[/]");
        }

        var types = Enum.GetValues<DocumentType>();
        for (var i = 0; i < types.Length; i++)
        {
            _console.MarkupLineInterpolated($"  {i + 1}) {types[i]}");
        }

        var type = types[Choose("Document type", types.Length)];
        var country = Ask("Issuing country (two letters)", _account.Record.KycDocument?.IssuingCountry ?? "GB");
        var number = Ask("Document number");
        var photo = Ask("Photo of the front side (file name)", "id-front.jpg");
        var document = new DocumentSubmission(type, country, number, DemoEvidence.Upload(photo, DemoEvidence.MediaTypeOf(photo)));
        await StepAsync($"ID document: {type} ({country}), front image", access => Service.SubmitDocumentAsync(access, document));
    }

    private async Task VideoAsync()
    {
        _console.MarkupLine("The video shows you holding the ID and a sheet with your UID, email, phone, today's date and the reason.");
        var uid = Ask("UID on the sheet", _account.Id);
        var today = DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dateText = Ask("Date on the sheet (yyyy-MM-dd)", today);
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Warn("Write the date as yyyy-MM-dd.");
            return;
        }

        var offsetText = Ask("Your UTC offset in whole hours (for example 0, +2, -5)", "0");
        if (!int.TryParse(offsetText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var hours) || hours is < -14 or > 14)
        {
            Warn("The offset is a whole number of hours from -14 to +14.");
            return;
        }

        var reason = Ask("Reason for the reset");
        var file = Ask("Video file", "statement-video.mp4");
        var statement = new DeclaredStatement(uid, _account.Record.Email ?? string.Empty, _account.Record.Phone ?? string.Empty, date, TimeSpan.FromHours(hours), reason);
        var video = new VerificationVideo(DemoEvidence.Upload(file, DemoEvidence.MediaTypeOf(file)), statement);
        await StepAsync($"video statement: UID {uid}, {date:yyyy-MM-dd} (UTC{hours:+0;-0;+0})", access => Service.SubmitVideoAsync(access, video));
    }

    private async Task SubmitAsync() => await StepAsync("submit", access => Service.SubmitAsync(access));

    private async Task CancelAsync()
    {
        if (AskYesNo("Cancel the case for good?", defaultYes: false))
        {
            await StepAsync("cancel the case", access => Service.CancelAsync(access));
        }
    }

    /// <summary>The case waits in the review queue: the person plays the reviewer, who claims it unless they hold it already.</summary>
    private async Task ReviewAsync()
    {
        _console.MarkupLine("The application waits in the review queue. Now you are the support reviewer.");
        var claimed = (await Service.GetCaseForReviewAsync(_id, ReviewerId)).View?.ReviewerId == ReviewerId;
        if (!claimed)
        {
            var queue = (await Service.ListReviewQueueAsync()).View!;
            _say.Note($"review queue: {queue.Cases.Count} case(s)");
        }

        await MenuAsync("What does the reviewer do?",
        [
            new("Approve", () => DecideAsync(claimed, "approves", () => Service.ApproveAsync(_id, ReviewerId))),
            new("Reject", () => DecideAsync(claimed, "rejects", () => Service.RejectAsync(_id, ReviewerId, Ask("Reason code (a-z, 0-9, . _ -)", "evidence.insufficient")))),
            new("Ask the applicant for more information", RequestInformationAsync),
            new("Leave it in the queue and quit", () => throw new LeaveException("left in the queue")),
        ]);

        async Task RequestInformationAsync()
        {
            var answer = Ask("Which items to amend? (questionnaire, proofs, document, video; commas)");
            if (!TryParseAmendments(answer, out var items))
            {
                Warn("Use the words questionnaire, proofs, document or video.");
                return;
            }

            var reason = Ask("Reason code (a-z, 0-9, . _ -)", "more.information");
            await DecideAsync(claimed, "asks for more information", () => Service.RequestInformationAsync(_id, ReviewerId, items, reason));
        }
    }

    private async Task DecideAsync(bool claimed, string what, Func<Task<ResetResult<ReviewerCaseView>>> decide)
    {
        if (!claimed)
        {
            var claim = await _say.StepAsync(_id, $"reviewer {ReviewerId} claims the case", () => Service.ClaimAsync(_id, ReviewerId));
            if (claim.View is { } c)
            {
                var score = c.QuestionnaireScore is { } s ? $"{s.Points}/{s.MaxPoints}" : "none";
                _say.Note($"reviewer sees: verified by {c.VerificationMethod}, questionnaire score {score}, {c.Proofs.Count} proofs");
            }
            else
            {
                return;
            }
        }

        await _say.StepAsync(_id, $"reviewer {ReviewerId} {what}", decide);
    }

    private void Finished(ApplicantCaseView view)
    {
        _console.MarkupLineInterpolated($"The case ended: [bold]{view.State}[/].");
        if (view.State == CaseState.Approved)
        {
            _say.Note("the reset is applied when the dispatcher delivers it; the case then completes (continue or status shows it)");
        }
        if (view.State == CaseState.Completed)
        {
            _say.Note($"account {_account.Id} before: {Display.Bound(_account.Record)}");
            _say.Note($"account {_account.Id} after:  {Display.Bound(_host.Directory.Find(_account.Id))}");
        }

        if (view.WithdrawalsProtectedUntil is { } until)
        {
            _say.Note($"withdrawals protected until {Display.Time(until)}");
        }

        if (view.OfferForgotPasswordNext)
        {
            _say.Note("next: Forgot Password, since you came in that way");
        }

        if (view.ReasonCode is { } reason)
        {
            _say.Note($"reason: {reason}");
        }
    }

    private async Task MenuAsync(string title, List<Offer> options)
    {
        _console.MarkupLineInterpolated($"{title}");
        for (var i = 0; i < options.Count; i++)
        {
            _console.MarkupLineInterpolated($"  {i + 1}) {options[i].Label}");
        }

        await options[Choose("Choose", options.Count)].Run();
    }

    /// <summary>Asks for a number from 1 to <paramref name="count"/> until one comes.</summary>
    /// <returns>The zero-based choice.</returns>
    private int Choose(string prompt, int count)
    {
        while (true)
        {
            var answer = Ask($"{prompt} [1-{count}]");
            if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= count)
            {
                return number - 1;
            }

            Warn($"Type a number from 1 to {count}.");
        }
    }

    private bool AskYesNo(string prompt, bool defaultYes)
    {
        while (true)
        {
            var answer = Ask($"{prompt} (yes/no)", defaultYes ? "yes" : "no").ToUpperInvariant();
            if (answer is "Y" or "YES")
            {
                return true;
            }

            if (answer is "N" or "NO")
            {
                return false;
            }

            Warn("Answer yes or no.");
        }
    }

    /// <summary>Reads one answer. End of input and <c>quit</c> leave the session.</summary>
    /// <param name="prompt">The question.</param>
    /// <param name="defaultValue">What an empty line means, or <see langword="null"/> to ask again.</param>
    /// <param name="allowEmpty">Whether an empty answer is an answer.</param>
    /// <returns>The trimmed answer.</returns>
    private string Ask(string prompt, string? defaultValue = null, bool allowEmpty = false)
    {
        while (true)
        {
            var suffix = defaultValue is null ? string.Empty : $" [grey][[{Markup.Escape(defaultValue)}]][/]";
            _console.Markup($"[bold]{Markup.Escape(prompt)}[/]{suffix}: ");
            var line = _input.ReadLine() ?? throw new LeaveException("end of input");
            if (_echo)
            {
                _console.WriteLine(Printable(line));
            }

            SyncClock();
            var answer = line.Trim();
            if (answer is "quit" or "exit")
            {
                throw new LeaveException("you typed " + answer);
            }

            if (answer.Length > 0 || allowEmpty)
            {
                return answer.Length == 0 && defaultValue is not null ? defaultValue : answer;
            }

            if (defaultValue is not null)
            {
                return defaultValue;
            }
        }
    }

    /// <summary>Lets the demo clock follow real time, so cooldowns and the authenticator behave as in life.</summary>
    private void SyncClock()
    {
        var elapsed = _sinceStart.Elapsed;
        if (elapsed > _clockSynced)
        {
            _host.Clock.Advance(elapsed - _clockSynced);
            _clockSynced = elapsed;
        }
    }

    private void Warn(string text) => _console.MarkupLineInterpolated($"  [yellow]![/] {text}");

    private static string Bound(ApplicantCaseView view)
    {
        var parts = new List<string>();
        if ((view.BoundItems & SecurityItems.Email) != 0)
        {
            parts.Add($"email {view.BoundEmail}");
        }

        if ((view.BoundItems & SecurityItems.Phone) != 0)
        {
            parts.Add($"phone {view.BoundPhone}");
        }

        if ((view.BoundItems & SecurityItems.Authenticator) != 0)
        {
            parts.Add("authenticator");
        }

        return string.Join(", ", parts);
    }

    private static bool TryParseItems(string text, out SecurityItems items)
    {
        items = SecurityItems.None;
        foreach (var word in Words(text))
        {
            SecurityItems? item = word switch
            {
                "EMAIL" or "MAIL" or "E" => SecurityItems.Email,
                "PHONE" or "SMS" or "P" => SecurityItems.Phone,
                "AUTHENTICATOR" or "AUTH" or "TOTP" or "GOOGLE AUTHENTICATOR" or "A" => SecurityItems.Authenticator,
                "ALL" => SecurityItems.All,
                _ => null,
            };
            if (item is null)
            {
                return false;
            }

            items |= item.Value;
        }

        return true;
    }

    private static bool TryParseAmendments(string text, out AmendableItems items)
    {
        items = AmendableItems.None;
        foreach (var word in Words(text))
        {
            AmendableItems? item = word switch
            {
                "QUESTIONNAIRE" => AmendableItems.Questionnaire,
                "PROOFS" or "PROOF" => AmendableItems.SupplementaryProofs,
                "DOCUMENT" or "ID" => AmendableItems.IdentityDocument,
                "VIDEO" => AmendableItems.VerificationVideo,
                _ => null,
            };
            if (item is null)
            {
                return false;
            }

            items |= item.Value;
        }

        return true;
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w => w.ToUpperInvariant());

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>The echoed line without control characters, so garbage input cannot write escape codes.</summary>
    private static string Printable(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    /// <summary>Who the case waits for, when not the applicant.</summary>
    private enum Wait
    {
        /// <summary>Nobody: the case ended.</summary>
        Ended,

        /// <summary>The reviewer.</summary>
        ForReview,
    }

    /// <summary>One menu line.</summary>
    /// <param name="Label">What the person reads.</param>
    /// <param name="Run">What choosing it does.</param>
    /// <param name="Form">Whether it is a form filled at once when it is the only thing to do.</param>
    private sealed record Offer(string Label, Func<Task> Run, bool Form = false);

    /// <summary>The person left: end of input or <c>quit</c>.</summary>
    private sealed class LeaveException(string message) : Exception(message);
}
