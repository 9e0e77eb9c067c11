using System.Text.RegularExpressions;

namespace SecurityReset.ConsoleHost.Tests;

/// <summary>Runs the scripted walkthrough once, in process, for every test of the class.</summary>
public sealed class WalkthroughRun : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly StringWriter _output = new();

    internal WalkthroughReport Report { get; private set; } = null!;

    public string Output => _output.ToString();

    public async ValueTask InitializeAsync() => Report = await Walkthrough.RunAsync(Terminal.Plain(_output), Start);

    public ValueTask DisposeAsync()
    {
        _output.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed partial class WalkthroughTests(WalkthroughRun run) : IClassFixture<WalkthroughRun>
{
    // How each scenario must end, written down here rather than read from the walkthrough.
    public static TheoryData<string, string> Outcomes => new()
    {
        { "a)", "Completed; bound now: Email, Phone; email replaced: yes; Forgot Password offered: yes" },
        { "b)", "Completed; bound now: Phone; phone replaced: yes; Forgot Password offered: no" },
        { "c)", "Completed; verified by FaceScan; steps required: none; bound now: Email, Authenticator" },
        { "d1)", "contact.same_as_current, attempt counted (state kept, version +1)" },
        { "d2)", "document.not_kyc_document, attempt counted (state kept, version +1); KYC document accepted" },
        { "d3)", "code.expired, case unchanged" },
        { "d4)", "code.replayed, attempt counted (state kept, version +1)" },
        { "d5)", "5 × code.invalid (each counted), then code.attempts_exhausted, case unchanged" },
        { "e)", "Rejected; reset applied: no; dispute from Phone while Approved, reset held: yes" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Each_scenario_ends_as_the_seed_describes(string scenario, string outcome)
    {
        var result = Assert.Single(run.Report.Scenarios, s => s.Name.StartsWith(scenario + " ", StringComparison.Ordinal));
        Assert.Equal(outcome, result.Actual);
        Assert.True(result.Ok, $"{result.Name}: expected {result.Expected}, got {result.Actual}");
    }

    [Fact]
    public void Every_scenario_ran_and_the_exit_code_is_zero()
    {
        Assert.Equal(Outcomes.Count, run.Report.Scenarios.Count);
        Assert.All(run.Report.Scenarios, s => Assert.True(s.Ok, s.Name));
        Assert.Equal(0, run.Report.ExitCode);
        Assert.Contains("All 9 scenarios ended as expected. Exit code 0.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_output_is_plain_text()
    {
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.Contains("== a) signed out (web, Forgot Password), lost the authenticator", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_outbox_shows_codes_in_clear_and_destinations_masked()
    {
        Assert.Matches(OutboxLine(), run.Output);
        foreach (var account in DemoAccounts.All)
        {
            Assert.DoesNotContain(account.Record.Email!, run.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(account.Record.Phone!, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_approved_reset_is_visible_in_the_directory_and_the_protection_window_is_printed()
    {
        Assert.Contains("account 10000001 after:  email j***@e***.org, phone ***01", run.Output, StringComparison.Ordinal);
        Assert.Contains($"withdrawals protected until {WalkthroughRun.Start.AddHours(24):yyyy-MM-dd HH:mm} UTC", run.Output, StringComparison.Ordinal);
        Assert.Contains("next: offer Forgot Password", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_approval_answers_Approved_and_the_case_completes_once_the_dispatcher_applies_the_reset()
    {
        // Scenario a): the approval commits Approved v17; the dispatcher then applies the reset, which completes the
        // case (v18), and delivers the notices the completion asked for.
        Assert.Matches(ApprovalThenCompletion(), run.Output);
        var approved = run.Output.IndexOf("✓ reviewer support-anna approves", StringComparison.Ordinal);
        var applied = run.Output.IndexOf("✓ dispatcher: the reset is applied", approved, StringComparison.Ordinal);
        var notice = run.Output.IndexOf("notice ResetCompleted", approved, StringComparison.Ordinal);
        Assert.True(approved >= 0 && applied > approved && notice > applied, run.Output);
        Assert.Equal(3, ApprovalThenCompletion().Count(run.Output)); // a), b) and c)
    }

    [Fact]
    public void Scenario_e_shows_the_owner_disputing_the_approved_reset_before_it_applies()
    {
        var e = run.Output[run.Output.IndexOf("== e)", StringComparison.Ordinal)..];
        Assert.Contains("the reset applies 24 hours after the approval", e, StringComparison.Ordinal);
        var approved = e.IndexOf("✓ reviewer support-anna approves", StringComparison.Ordinal);
        var notice = e.IndexOf("notice CaseApproved", StringComparison.Ordinal);
        var disputed = e.IndexOf("✓ the owner taps \"this wasn't me\" (2 hours later)", StringComparison.Ordinal);
        var rejected = e.IndexOf("✓ reviewer support-anna rejects", StringComparison.Ordinal);
        Assert.True(approved >= 0 && notice > approved && disputed > notice && rejected > disputed, e);
        Assert.Matches(@"this wasn't me"" \(2 hours later\) +→ Disputed v\d+", e);
        Assert.Contains("reset held: yes", e, StringComparison.Ordinal);
        Assert.DoesNotContain("the reset is applied", e, StringComparison.Ordinal);
        Assert.Contains("account 10000009 after:  email i***@e***.com, phone ***09, authenticator", e, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requested_code_is_said_to_be_on_its_way_before_the_dispatcher_delivers_it()
    {
        Assert.Matches(CodeOnItsWay(), run.Output);
    }

    [Fact]
    public void Scenario_a_restarts_the_host_and_reads_the_submitted_case_back_from_the_file()
    {
        Assert.Matches(@"✓ restart: a new host over securityreset-demo\.db +→ Submitted v15", run.Output);
        Assert.Matches(RestartProof(), run.Output);
        Assert.Contains("account 10000001 after:  email j***@e***.org, phone ***01", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_walkthrough_keeps_its_database_in_a_folder_of_its_own_and_deletes_it()
    {
        var path = run.Report.DatabasePath;
        Assert.NotNull(path);
        Assert.Contains($"store: SQLite {path} (this run's own file, deleted at the end;", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        Assert.Contains("a real host keeps its key in a secret store", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_narration_never_shows_an_applicant_credential()
    {
        // The app keeps each case's credential in memory; a credential is 43 base64url characters, and nothing the
        // walkthrough prints (case ids, codes, file ids, hashes) looks like one.
        Assert.Contains("the app keeps each case's id and credential in memory (never shown)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(CredentialLike(), run.Output);
    }

    [Fact]
    public void A_failing_scenario_makes_the_exit_code_one()
    {
        var report = new WalkthroughReport([.. run.Report.Scenarios, new ScenarioResult("x)", "Completed", "Rejected")]);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(1, new WalkthroughReport([]).ExitCode);
    }

    [GeneratedRegex(@"read back from the file: Submitted v(\d+), (\d+) audit events, new email j\*\*\*@e\*\*\*\.org; before the restart: Submitted v\1, \2 audit events")]
    private static partial Regex RestartProof();

    [GeneratedRegex(@"✓ reviewer support-anna approves +→ Approved v(\d+)\r?\n  ✓ dispatcher: the reset is applied +→ Completed v\d+\r?\n(?:    outbox  \w+ +\S+ +notice CaseApproved\r?\n)+    outbox  \w+ +\S+ +notice ResetCompleted")]
    private static partial Regex ApprovalThenCompletion();

    [GeneratedRegex(@"✓ get a code by email +→ VerifyingItems v\d+\r?\n    code on its way to your email; type it once it arrives\r?\n    outbox  Email  j\*\*\*@e\*\*\*\.com\s+code \d{6}")]
    private static partial Regex CodeOnItsWay();

    [GeneratedRegex(@"outbox  Email  j\*\*\*@e\*\*\*\.com\s+code \d{6}  valid until \d\d:\d\d:\d\d UTC")]
    private static partial Regex OutboxLine();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")]
    private static partial Regex CredentialLike();
}
