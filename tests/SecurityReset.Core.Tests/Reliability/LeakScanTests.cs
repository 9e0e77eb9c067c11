using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using OtpNet;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Runs the suite's scenarios — the seed scenarios with a fault at every port call, a batch of hostile input,
/// lock-outs and failing gateways whose own exceptions quote the address and the code — with every log line at
/// Trace captured, then scans the logs, activity tags, the exceptions callers saw, and every stored case, event,
/// guard and idempotent answer (serialised with System.Text.Json) for any code drawn, authenticator secret (base32
/// and base64), applicant credential, full email address, full phone number or document number.
/// </summary>
public sealed partial class LeakScanTests
{
    [Fact]
    public void No_code_secret_contact_or_document_number_reaches_logs_exceptions_or_the_store()
    {
        Assert.SkipWhen(Settings.MutationRun, "A mutation run leaves the leak scan out: it checks what is written, not a rule.");
        using var leaks = new LeakCollector();

        foreach (var scenario in FaultScenarios.All)
        {
            var reference = FaultRun.Reference(scenario, leaks);
            for (var step = scenario.FirstFaultyStep; step < scenario.Steps.Count; step++)
            {
                for (var k = 1; k <= reference.Calls[step]; k++)
                {
                    foreach (var kind in Enum.GetValues<FaultKind>())
                    {
                        _ = FaultRun.Once(scenario, reference, step, k, kind, leaks).ToList();
                    }
                }
            }
        }

        var fuzz = new Fuzzer(new Random(20261125), leaks);
        for (var i = 0; i < 5000; i++)
        {
            if (i % 1000 == 0)
            {
                fuzz.NewWorld();
            }

            try
            {
                fuzz.Next().Run();
            }
            catch (Exception ex)
            {
                leaks.Saw(ex);
            }
        }

        GatewaysThatQuoteSecretsAndLockOuts(leaks);

        var (texts, cases, events) = leaks.Snapshot();
        var codes = leaks.Worlds.SelectMany(w => w.Codes.Issued.Concat(w.Outbox.Codes.Select(c => c.Code))).ToHashSet(StringComparer.Ordinal);
        var values = Accounts.PersonalValues.Concat(fuzz.PersonalValues).Concat(Accounts.PersonalValues.Where(v => v.StartsWith('+')).Select(v => v[1..]))
            .Concat(new[] { Accounts.AliceSecret, Accounts.BobSecret }.SelectMany(s => new[] { Base32Encoding.ToString(s), Convert.ToBase64String(s) }))
            .Concat(ApplicantCalls.Issued)
            .Distinct(StringComparer.Ordinal).ToArray();
        var search = SearchValues.Create(values, StringComparison.OrdinalIgnoreCase);

        var findings = new List<string>();
        long scanned = 0;
        foreach (var text in texts)
        {
            scanned += text.Length;
            var at = text.AsSpan().IndexOfAny(search);
            if (at >= 0)
            {
                findings.Add($"personal value or secret at {Excerpt(text, at)}");
            }

            foreach (Match token in SixDigits().Matches(text))
            {
                if (codes.Contains(token.Value))
                {
                    findings.Add($"code {token.Value} at {Excerpt(text, token.Index)}");
                }
            }

            if (!text.StartsWith("case:", StringComparison.Ordinal) && !text.StartsWith("events:", StringComparison.Ordinal) && !text.StartsWith("idempotency:", StringComparison.Ordinal))
            {
                foreach (Match contact in EmailOrPhone().Matches(text))
                {
                    findings.Add($"contact {contact.Value} at {Excerpt(text, contact.Index)}");
                }
            }
        }

        // The outbox holds every code and address on its way: its rows, as stored, are part of the scan.
        var outboxRows = texts.Count(t => t.StartsWith("outbox:", StringComparison.Ordinal));
        Assert.True(outboxRows > 100, $"only {outboxRows} outbox rows were scanned");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"leaks: scanned {scanned:N0} characters in {texts.Count:N0} texts ({outboxRows:N0} outbox rows, {leaks.LogLines:N0} log lines, {leaks.Exceptions:N0} exceptions, {cases:N0} stored cases with {events:N0} events) for {codes.Count:N0} codes and {values.Length:N0} secrets and personal values: {findings.Count} findings"));
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings.Distinct().Take(30)));
    }

    /// <summary>A lock-out, and a messenger and a directory whose exceptions quote the address and the code.</summary>
    private static void GatewaysThatQuoteSecretsAndLockOuts(LeakCollector leaks)
    {
        var w = leaks.Watch(new World(
            o => o.Lockout.MaxFailuresPerFactor = 3,
            wrap: leaks.Wrap(new PortWrappers(Messenger: m => new TalkativeMessenger(m), Directory: d => new TalkativeDirectory(d))),
            loggers: leaks.Loggers));
        var s = w.Service;
        var ct = CancellationToken.None;
        var id = Sync.Run(s.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: ct)).View!.Id;
        Sync.Run(s.SelectItemsAsync(id, SecurityItems.All, cancellationToken: ct));
        Sync.Run(s.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: ct));
        Sync.Run(s.ProvideProofsAsync(id, World.Proofs(), cancellationToken: ct));
        Sync.Run(s.SetNewContactAsync(id, ContactKind.Email, Accounts.NewEmailA, cancellationToken: ct));
        Sync.Run(s.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: ct)); // the gateway throws, quoting both
        TalkativeMessenger.Fail = false;
        Sync.Run(s.RequestCodeAsync(id, VerificationTarget.NewContact, cancellationToken: ct));
        Sync.Run(s.VerifyCodeAsync(id, VerificationTarget.NewContact, w.Outbox.Codes.Last(c => c.CaseId == id).Code, cancellationToken: ct));
        Sync.Run(s.SubmitDocumentAsync(id, World.Document(), cancellationToken: ct));
        Sync.Run(s.SubmitVideoAsync(id, w.Video(Accounts.AliceId), cancellationToken: ct));
        Sync.Run(s.AcceptTermsAsync(id, "2026-11", cancellationToken: ct));
        Sync.Run(s.SubmitAsync(id, cancellationToken: ct));
        Sync.Run(s.ClaimAsync(id, "reviewer-1", cancellationToken: ct));
        Sync.Run(s.ApproveAsync(id, "reviewer-1", cancellationToken: ct)); // the directory throws, quoting the new address

        var bob = Sync.Run(s.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.BobId, Channel.App), cancellationToken: ct)).View!.Id;
        Sync.Run(s.SelectItemsAsync(bob, SecurityItems.Email, cancellationToken: ct));
        for (var i = 0; i < 5; i++)
        {
            w.Clock.Advance(TimeSpan.FromSeconds(31));
            Sync.Run(s.VerifyAuthenticatorAsync(bob, w.Codes.Unissued(), cancellationToken: ct)); // locks after 3
        }
    }

    private static string Excerpt(string text, int at) =>
        text[..Math.Min(text.Length, 40)].ReplaceLineEndings(" ") + " … " + text.Substring(Math.Max(0, at - 40), Math.Min(80, text.Length - Math.Max(0, at - 40))).ReplaceLineEndings(" ");

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])")]
    private static partial Regex SixDigits();

    // A phone number stands on its own: a "+" inside base64 (a sealed outbox row) followed by digits is none.
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|(?<![A-Za-z0-9+/])\+[1-9][0-9]{6,14}(?![0-9])")]
    private static partial Regex EmailOrPhone();

    private sealed class TalkativeMessenger(IVerificationMessenger inner) : IVerificationMessenger
    {
        public static bool Fail { get; set; } = true;

        public Task SendCodeAsync(CodeMessage message, CancellationToken cancellationToken) => Fail
            ? throw new InvalidOperationException($"550 mailbox {message.Address} refused the message with code {message.Code}")
            : inner.SendCodeAsync(message, cancellationToken);

        public Task SendNotificationAsync(Notification notification, CancellationToken cancellationToken) =>
            throw new TimeoutException($"notification to {notification.Address} timed out");
    }

    private sealed class TalkativeDirectory(IAccountDirectory inner) : IAccountDirectory
    {
        public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken) => inner.ResolveAccountIdAsync(identifier, cancellationToken);

        public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken) => inner.GetAccountAsync(accountId, cancellationToken);

        public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken) => inner.GetAuthenticatorSecretAsync(accountId, cancellationToken);

        public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken) => inner.GetQuestionnaireFactsAsync(accountId, cancellationToken);

        public Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"cannot bind {instruction.NewContactAddress} to {instruction.AccountId}");
    }
}
