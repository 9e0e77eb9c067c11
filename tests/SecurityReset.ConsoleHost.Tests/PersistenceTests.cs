using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SecurityReset.ConsoleHost.Tests;

/// <summary>The SQLite file in the working folder keeps cases from one run of the sample to the next.</summary>
public sealed partial class PersistenceTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_case_submitted_interactively_is_shown_by_status_and_review_in_the_next_run_and_approved_in_a_third()
    {
        using var folder = new TempFolder();
        var account = DemoAccounts.Interactive[0];

        // Run 1: the applicant submits, the reviewer leaves the case in the queue.
        var (id, version) = await SubmitAndLeaveAsync(folder);

        // Run 2: status and review read it back from the file.
        using var status = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["status", id.ToString()], Terminal.Plain(status), TextReader.Null, echoInput: false, Start.AddMinutes(10), folder.Path));
        Assert.Contains($"case {id}: Submitted v{version + 1}", status.ToString(), StringComparison.Ordinal);
        Assert.Contains($"account {account.Id}, Web/LoggedIn, items Authenticator", status.ToString(), StringComparison.Ordinal);
        Assert.Contains("case.submitted", status.ToString(), StringComparison.Ordinal);

        using var review = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["review"], Terminal.Plain(review), TextReader.Null, echoInput: false, Start.AddMinutes(10), folder.Path));
        Assert.Contains("Review queue: 1 case(s) waiting.", review.ToString(), StringComparison.Ordinal);
        Assert.Matches($@"\| {id} \| {account.Id} +\| Authenticator", review.ToString());

        // Run 3: the reviewer takes it up, claims and approves; the reset lands in this run's freshly seeded directory,
        // with the new email unsealed by the key kept beside the database.
        using var output = new StringWriter();
        await using (var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(20), cancellationToken: Ct))
        {
            Assert.Equal(account.Record.Email, host.Directory.Find(account.Id)!.Email);
            var exit = await new InteractiveSession(Terminal.Plain(output), new StringReader("1\n"), host, echo: true).ContinueAsync(id.ToString());

            Assert.Equal(0, exit);
            var after = host.Directory.Find(account.Id)!;
            Assert.Equal(Scripts.NewEmail, after.Email);
            Assert.False(after.AuthenticatorBound);
        }

        var text = output.ToString();
        Assert.Contains($"Case {id} of demo account {account.Id}", text, StringComparison.Ordinal);
        Assert.Contains($"reviewer support-you claims the case", text, StringComparison.Ordinal);
        Assert.Contains("The case ended: Completed.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", text, StringComparison.Ordinal);

        using var finished = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["continue", id.ToString()], Terminal.Plain(finished), TextReader.Null, echoInput: false, Start.AddMinutes(30), folder.Path));
        Assert.Contains($"Case {id} has ended as Completed", finished.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_sent_in_one_run_is_accepted_in_the_next()
    {
        using var folder = new TempFolder();
        var (access, code) = await OpenAndRequestEmailCodeAsync(folder);

        await using var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(1), cancellationToken: Ct);
        Assert.Equal(SampleKeySource.FileRead, host.Key.Source);
        Assert.False(host.KeyNewerThanData);
        var verified = await host.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, code, cancellationToken: Ct);

        Assert.True(verified.Succeeded, verified.ErrorCode);
        Assert.Equal(SecurityItems.Email, verified.View!.VerifiedItems);
        Assert.NotEqual(access, verified.View.Access); // the verified factor replaced the credential
    }

    [Fact]
    public async Task Without_its_key_file_the_next_run_warns_and_the_credentials_of_earlier_cases_fail()
    {
        // The credential's hash is keyed with the secret key, like the codes: under a new key no applicant holds an
        // earlier case any more, so the call is refused before the code is even looked at.
        using var folder = new TempFolder();
        var (access, code) = await OpenAndRequestEmailCodeAsync(folder);
        File.Delete(folder.KeyPath);

        await using var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(1), cancellationToken: Ct);
        using var output = new StringWriter();
        host.Describe(Terminal.Plain(output));
        var verified = await host.Service.VerifyCodeAsync(access, VerificationTarget.BoundEmail, code, cancellationToken: Ct);

        Assert.True(host.KeyNewerThanData);
        Assert.Contains("warning: the key file was missing, so a new key was made", output.ToString(), StringComparison.Ordinal);
        // The case was sealed under the lost key: the new one cannot verify it, so nothing acts on it.
        Assert.Equal(ErrorCodes.CaseQuarantined, verified.ErrorCode);
        Assert.Equal(ErrorKind.Quarantined, verified.Error!.Kind);
    }

    [Fact]
    public async Task An_account_with_a_case_left_open_offers_to_continue_it_or_cancel_it()
    {
        using var folder = new TempFolder();
        await LeaveOpenAsync(folder);

        using var continued = new StringWriter();
        await using (var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(5), cancellationToken: Ct))
        {
            await new InteractiveSession(Terminal.Plain(continued), new StringReader("1\n1\n1\n"), host, echo: true).RunAsync();
        }

        // The app kept the case's credential: it offers the case before opening anything (a signed-in open would
        // supersede it).
        var id = Assert.Single(CaseIds().Matches(continued.ToString()).Select(m => m.Value).Distinct());
        Assert.Contains($"case {id} is still open (VerifyingItems v2); this app holds it", continued.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("open: signed in", continued.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Case {id} ends this session as VerifyingItems v2.", continued.ToString(), StringComparison.Ordinal);

        using var replaced = new StringWriter();
        await using (var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(6), cancellationToken: Ct))
        {
            await new InteractiveSession(Terminal.Plain(replaced), new StringReader("1\n1\n2\n"), host, echo: true).RunAsync();
        }

        var text = replaced.ToString();
        Assert.Contains("cancel the case", text, StringComparison.Ordinal);
        Assert.Contains("→ Cancelled v3", text, StringComparison.Ordinal);
        Assert.Matches(@"ends this session as SelectingItems v1\.", text);
        Assert.DoesNotContain($"Case {id} ends", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_keeps_the_credential_in_its_state_file_follows_each_new_one_and_never_prints_it()
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        var account = DemoAccounts.Interactive[0];
        string? atOpen = null;
        await using (var host = await SampleHost.CreateAsync(folder.Path, Start, cancellationToken: Ct))
        {
            Func<string> lastCode = () => host.Messenger.Codes[^1].Code;
            Func<string> getEmailCode = () =>
            {
                atOpen = host.Storage.LatestFor(account.Id)!.Value.Credential; // before any factor is verified
                return "1";
            };
            var script = new ScriptedReader(["1", "1", "authenticator", getEmailCode, "2", lastCode]); // then end of input
            await new InteractiveSession(Terminal.Plain(output), script, host, echo: true).RunAsync();
        }

        var kept = await File.ReadAllTextAsync(folder.StatePath, Ct);
        await using var next = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(1), cancellationToken: Ct);
        var access = next.Storage.LatestFor(account.Id)!.Value;
        var text = output.ToString();

        Assert.Contains($"this app keeps its credential in {ApplicantStorage.FileName}", text, StringComparison.Ordinal);
        Assert.Contains("verify email code", text, StringComparison.Ordinal);
        Assert.NotNull(atOpen);
        Assert.NotEqual(atOpen, access.Credential);
        Assert.Contains(access.Credential, kept, StringComparison.Ordinal);
        Assert.DoesNotContain(atOpen, kept, StringComparison.Ordinal);
        Assert.DoesNotContain(access.Credential, text, StringComparison.Ordinal);
        Assert.DoesNotContain(atOpen, text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.StatePath));
        }

        // The kept credential holds the case in the next run; the one issued at the open was replaced by the verified email.
        Assert.Equal(SecurityItems.Email, (await next.Service.GetCaseAsync(access, Ct)).View!.VerifiedItems);
        Assert.Equal(ErrorCodes.CredentialInvalid, (await next.Service.GetCaseAsync(access with { Credential = atOpen }, Ct)).ErrorCode);
    }

    [Fact]
    public async Task Without_the_app_s_state_file_a_signed_in_open_supersedes_the_case_left_open()
    {
        using var folder = new TempFolder();
        var id = await LeaveOpenAsync(folder);
        File.Delete(folder.StatePath);

        using var output = new StringWriter();
        await using (var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(5), cancellationToken: Ct))
        {
            await new InteractiveSession(Terminal.Plain(output), new StringReader("1\n1\n"), host, echo: true).RunAsync();
        }

        var text = output.ToString();
        Assert.DoesNotContain("still open", text, StringComparison.Ordinal);
        Assert.Contains("notice CaseSuperseded", text, StringComparison.Ordinal);
        Assert.Matches(@"ends this session as SelectingItems v1\.", text);
        using var status = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["status", id], Terminal.Plain(status), TextReader.Null, echoInput: false, Start.AddMinutes(6), folder.Path));
        Assert.Contains($"case {id}: Superseded v4", status.ToString(), StringComparison.Ordinal);
        Assert.Contains("case.superseded", status.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuing_as_the_applicant_needs_the_credential_the_app_kept_the_reviewer_needs_none()
    {
        using var folder = new TempFolder();
        var (submitted, _) = await SubmitAndLeaveAsync(folder);
        File.Delete(folder.StatePath);
        CaseId open;
        await using (var host = await SampleHost.CreateAsync(folder.Path, Start.AddMinutes(20), cancellationToken: Ct))
        {
            // Opened by another app (here: straight through the service): this app never held its credential.
            open = (await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(DemoAccounts.Interactive[2].Id, Channel.App), cancellationToken: Ct)).View!.Id;
        }

        using var refused = new StringWriter();
        Assert.Equal(1, await CommandLine.RunAsync(["continue", open.ToString()], Terminal.Plain(refused), TextReader.Null, echoInput: false, Start.AddMinutes(30), folder.Path));
        Assert.Contains($"This app holds no credential for case {open} (SelectingItems v1)", refused.ToString(), StringComparison.Ordinal);

        using var reviewed = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["continue", submitted.ToString()], Terminal.Plain(reviewed), new StringReader("1\n"), echoInput: true, Start.AddMinutes(30), folder.Path));
        var text = reviewed.ToString();
        Assert.Contains("you take it up as the reviewer only", text, StringComparison.Ordinal);
        Assert.Contains("reviewer support-you approves", text, StringComparison.Ordinal);
        Assert.Contains("The case ended: Completed.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_walkthrough_repeats_in_a_folder_where_a_session_left_a_case_open_and_leaves_the_folder_alone()
    {
        using var folder = new TempFolder();
        var id = await LeaveOpenAsync(folder);
        var files = folder.Files;
        var bytes = await File.ReadAllBytesAsync(folder.DatabasePath, Ct);

        for (var run = 1; run <= 3; run++)
        {
            using var output = new StringWriter();
            var exit = await CommandLine.RunAsync([], Terminal.Plain(output), TextReader.Null, echoInput: false, Start.AddMinutes(run), folder.Path);
            Assert.Equal(0, exit);
            Assert.EndsWith($"All 9 scenarios ended as expected. Exit code 0.{Environment.NewLine}", output.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(files, folder.Files);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(folder.DatabasePath, Ct));
        using var status = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["status", id], Terminal.Plain(status), TextReader.Null, echoInput: false, Start.AddMinutes(5), folder.Path));
        Assert.Contains($"case {id}: VerifyingItems v3", status.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_past_their_lifetime_expire_when_a_later_run_starts()
    {
        using var folder = new TempFolder();
        var id = await LeaveOpenAsync(folder);

        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["status", id], Terminal.Plain(output), TextReader.Null, echoInput: false, Start.AddHours(73), folder.Path);

        Assert.Equal(0, exit);
        Assert.Contains("1 case(s) past their lifetime expired.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"case {id}: Expired v4", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_file_is_made_once_for_its_owner_and_read_back()
    {
        using var folder = new TempFolder();

        var made = SampleKey.Resolve(folder.KeyPath, configured: null);
        var read = SampleKey.Resolve(folder.KeyPath, configured: null);

        Assert.Equal(SampleKeySource.FileCreated, made.Source);
        Assert.Equal(SampleKeySource.FileRead, read.Source);
        Assert.Equal(made.Value, read.Value);
        Assert.Equal(SecurityResetOptions.MinimumSecretKeyBytes, Convert.FromBase64String(read.Value).Length);
        Assert.Equal([SampleHost.KeyFileName], folder.Files);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.KeyPath));
        }
    }

    [Fact]
    public void A_configured_key_wins_and_no_file_is_made()
    {
        using var folder = new TempFolder();
        var configured = Convert.ToBase64String(new byte[32]);

        var key = SampleKey.Resolve(folder.KeyPath, configured);

        Assert.Equal(new SampleKey(configured, SampleKeySource.Environment, null), key);
        Assert.Contains(SampleKey.Variable, key.Description, StringComparison.Ordinal);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task A_damaged_key_file_is_a_configuration_error()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.KeyPath, "not a key", Ct);

        var error = Assert.Throws<OptionsValidationException>(() => SampleKey.Resolve(folder.KeyPath, configured: null));

        Assert.Contains(folder.KeyPath, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Opens a case for demo account 20000001 at the prompt and leaves it in VerifyingItems v2.</summary>
    private static async Task<string> LeaveOpenAsync(TempFolder folder)
    {
        using var output = new StringWriter();
        await using var host = await SampleHost.CreateAsync(folder.Path, Start, cancellationToken: Ct);
        await new InteractiveSession(Terminal.Plain(output), new StringReader("1\n1\nauthenticator\n"), host, echo: true).RunAsync();
        var ended = LeftAs().Match(output.ToString());
        Assert.True(ended.Success, output.ToString());
        Assert.Equal("VerifyingItems v2", ended.Groups["state"].Value);
        return ended.Groups["id"].Value;
    }

    private static async Task<(CaseId Id, long Version)> SubmitAndLeaveAsync(TempFolder folder)
    {
        using var output = new StringWriter();
        await using var host = await SampleHost.CreateAsync(folder.Path, Start, cancellationToken: Ct);
        Func<string> lastCode = () => host.Messenger.Codes[^1].Code;
        var script = new ScriptedReader([.. Scripts.UpToSubmission(lastCode), "4"]); // the reviewer leaves it in the queue
        await new InteractiveSession(Terminal.Plain(output), script, host, echo: true).RunAsync();

        var ended = LeftAs().Match(output.ToString());
        Assert.True(ended.Success, output.ToString());
        Assert.StartsWith("Submitted v", ended.Groups["state"].Value, StringComparison.Ordinal);
        Assert.True(CaseId.TryParse(ended.Groups["id"].Value, out var id));
        Assert.Contains($"in a later run, review lists it, continue {id} takes it up as the reviewer", output.ToString(), StringComparison.Ordinal);
        return (id, long.Parse(ended.Groups["state"].Value["Submitted v".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Opens a case through the service, as a host would, and asks for an email code; returns the access the applicant holds.</summary>
    private static async Task<(ApplicantAccess Access, string Code)> OpenAndRequestEmailCodeAsync(TempFolder folder)
    {
        await using var host = await SampleHost.CreateAsync(folder.Path, Start, cancellationToken: Ct);
        var opened = await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(DemoAccounts.Interactive[0].Id, Channel.Web), cancellationToken: Ct);
        var access = opened.View!.Access!.Value;
        var selected = await host.Service.SelectItemsAsync(access, SecurityItems.Authenticator, cancellationToken: Ct);
        Assert.True(selected.Succeeded);
        access = selected.View!.Access ?? access;
        var requested = await host.Service.RequestCodeAsync(access, VerificationTarget.BoundEmail, cancellationToken: Ct);
        Assert.True(requested.Succeeded);
        Assert.Equal([VerificationTarget.BoundEmail], requested.View!.CodesOnTheirWay);
        Assert.Empty(host.Messenger.Codes); // committed, not sent: the dispatcher delivers it

        Assert.Equal(3, await host.DispatchDueAsync(Ct)); // the opening notices to the two bound channels, and the code
        return (requested.View.Access ?? access, Assert.Single(host.Messenger.Codes).Code);
    }

    [GeneratedRegex(@"Case (?<id>[0-9a-f]{32}) ends this session as (?<state>\w+ v\d+)\.")]
    private static partial Regex LeftAs();

    [GeneratedRegex(@"(?<=case )[0-9a-f]{32}")]
    private static partial Regex CaseIds();
}
