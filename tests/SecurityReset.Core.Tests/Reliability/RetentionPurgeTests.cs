using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Retention on a whole store, written once for every store: a store adapter's test project derives from this class
/// (in-memory in <c>InMemoryRetentionPurgeTests</c>; SQLite and PostgreSQL in the EF Core store's tests). Two cases run
/// with known personal values — Alice's through every step to a completed reset, Carol's through a face scan to a
/// cancellation — then the clock passes their retention, the purge runs, and every row of every table the store has is
/// read back as text and scanned for any of those values.
/// </summary>
public abstract class RetentionPurgeTests
{
    private const string ScanSession = "carol-purge-scan-session-31337";

    // Distinctive values, so that a finding is never a coincidence.
    private static readonly QuestionnaireAnswers KnownAnswers = new(
        ["PURGE-TRADE/USDT"], ["PURGE-HOLDING-XMR"], ["bc1qpurgedeposit0000leak"], ["bc1qpurgewithdrawal000leak"], "purge-phishing-77", "alice-purge-nickname");

    /// <summary>Fresh, empty stores for one test.</summary>
    protected abstract ValueTask<StoreSet> CreateStoresAsync(CancellationToken cancellationToken);

    /// <summary>Every row of every table (or collection) the store keeps, one text per row, every column as text (bytes as UTF-8).</summary>
    protected abstract Task<IReadOnlyList<string>> ReadEveryTableAsync(StoreSet stores, CancellationToken cancellationToken);

    /// <summary>The store's name in the report.</summary>
    protected abstract string StoreName { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_purge_no_personal_value_is_left_in_any_table_and_the_trails_still_verify()
    {
        var stores = await CreateStoresAsync(Ct);
        var w = new World(stores: stores);
        var (alice, carol) = await EndedCasesAsync(w);
        var values = await PersonalValuesAsync(w, alice, carol);

        // The scan sees the values while they are held: without the purge it fails.
        var before = Scan(await ReadEveryTableAsync(stores, Ct), values);
        Assert.NotEmpty(before.Findings);

        w.Clock.Advance(w.Options.Lifetimes.PersonalDataAfterDecision + TimeSpan.FromDays(1));
        var purge = await w.Service.PurgeAsync(100, Ct);
        Assert.Equal(new PurgeResult(2, false), purge);

        var held = values.Count(v => before.Hits.Contains(v));
        var rows = await ReadEveryTableAsync(stores, Ct);
        var after = Scan(rows, values);
        var tables = rows.GroupBy(t => t[..t.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"retention leak scan ({StoreName}): {after.Texts:N0} texts and {after.Characters:N0} characters scanned for {values.Count} personal values, {after.Findings.Count} findings (before the purge: {before.Findings.Count} rows held {held} of the values); rows per table: {string.Join(", ", tables.Select(g => $"{g.Key} {g.Count()}"))}"));
        Assert.True(after.Findings.Count == 0, string.Join(Environment.NewLine, after.Findings.Take(30)));
        Assert.True(tables.Count >= 5, "the cases, events, guards, idempotency records and outbox must all have been read");

        foreach (var id in new[] { alice, carol })
        {
            var trail = (await w.Service.VerifyTrailAsync(id, Ct)).View!;
            Assert.True(trail.Holds, trail.Problem);
            var events = await w.Store.ReadEventsAsync(id, Ct);
            Assert.Equal(CaseEventTypes.Purged, events[^1].Type);
            Assert.Equal(trail.Events, events.Count);
        }
    }

    [Fact]
    public async Task Nothing_is_purged_before_its_retention_and_each_case_once_however_many_runs_race()
    {
        var stores = await CreateStoresAsync(Ct);
        var w = new World(stores: stores);
        var (alice, carol) = await EndedCasesAsync(w);
        var aliceBefore = w.Stored(alice)!;
        var carolBefore = w.Stored(carol)!;
        Assert.Equal(w.Clock.GetUtcNow() + w.Options.Lifetimes.PersonalDataAfterEnd, carolBefore.PurgeAfter);
        Assert.NotNull(aliceBefore.PurgeAfter);

        w.Clock.Advance(w.Options.Lifetimes.PersonalDataAfterEnd - TimeSpan.FromMinutes(1));
        Assert.Equal(new PurgeResult(0, false), await w.Service.PurgeAsync(100, Ct));
        Assert.Equal(carolBefore, w.Stored(carol));

        // Past the cancelled case's 30 days, before the completed case's 90: eight runs race, one purges.
        w.Clock.Advance(TimeSpan.FromMinutes(2));
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => w.Service.PurgeAsync(1, Ct), Ct)));
        Assert.Equal(1, runs.Sum(r => r.Purged));
        Assert.Equal(aliceBefore, w.Stored(alice));
        Assert.Null(w.Stored(carol)!.PurgeAfter);
        Assert.Single(await w.Store.ReadEventsAsync(carol, Ct), e => e.Type == CaseEventTypes.Purged);

        w.Clock.Advance(w.Options.Lifetimes.PersonalDataAfterDecision);
        runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => w.Service.PurgeAsync(10, Ct), Ct)));
        Assert.Equal(1, runs.Sum(r => r.Purged));
        Assert.Equal(new PurgeResult(0, false), await w.Service.PurgeAsync(100, Ct));
        foreach (var id in new[] { alice, carol })
        {
            Assert.Single(await w.Store.ReadEventsAsync(id, Ct), e => e.Type == CaseEventTypes.Purged);
            Assert.True((await w.Service.VerifyTrailAsync(id, Ct)).View!.Holds);
        }
    }

    [Fact]
    public async Task The_export_holds_the_personal_data_until_the_purge_and_shows_the_redaction_after()
    {
        var stores = await CreateStoresAsync(Ct);
        var w = new World(stores: stores);
        var (alice, _) = await EndedCasesAsync(w);

        var held = (await w.Service.ExportCaseAsync(alice, Ct)).View!;
        Assert.Equal(Accounts.AliceId, held.AccountId);
        Assert.Equal(CaseState.Completed, held.State);
        Assert.Equal(Accounts.NewEmailA, held.NewContact);
        Assert.Equal(KnownAnswers.DepositAddresses, held.QuestionnaireAnswers!.DepositAddresses);
        Assert.Equal(World.Proofs().Select(p => p.File.Id), held.Proofs.Select(p => p.File.Id));
        Assert.Equal("id-front.jpg", held.DocumentImage!.Id);
        Assert.Equal("Lost my phone with the authenticator", held.Video!.Statement.Reason);
        Assert.Null(held.PurgedAt);
        Assert.True(held.Trail.Holds);
        Assert.Equal(await w.Store.ReadEventsAsync(alice, Ct), held.Events);
        Assert.DoesNotContain(Accounts.NewEmailA, held.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(alice.ToString(), held.ToString(), StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(held.ToJson()))
        {
            var root = json.RootElement;
            Assert.Equal(alice.ToString(), root.GetProperty("id").GetString());
            Assert.Equal("Completed", root.GetProperty("state").GetString());
            Assert.Equal(Accounts.NewEmailA, root.GetProperty("newContact").GetString());
            Assert.Equal("bc1qpurgedeposit0000leak", root.GetProperty("questionnaireAnswers").GetProperty("depositAddresses")[0].GetString());
            Assert.Equal(held.Events.Count, root.GetProperty("events").GetArrayLength());
            Assert.Equal("case.opened", root.GetProperty("events")[0].GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("purgedAt").ValueKind);
        }

        w.Clock.Advance(w.Options.Lifetimes.PersonalDataAfterDecision + TimeSpan.FromDays(1));
        await w.Service.PurgeAsync(100, Ct);
        var purged = (await w.Service.ExportCaseAsync(alice, Ct)).View!;

        Assert.Equal(w.Clock.GetUtcNow(), purged.PurgedAt);
        Assert.Null(purged.PurgeAfter);
        Assert.Equal(CaseExport.Redacted, purged.NewContact);
        Assert.Equal(CaseExport.Redacted, purged.BoundEmail);
        Assert.All(purged.QuestionnaireAnswers!.DepositAddresses, a => Assert.Equal(CaseExport.Redacted, a));
        Assert.Equal(CaseExport.Redacted, purged.QuestionnaireAnswers.Nickname);
        Assert.All(purged.Proofs, p => Assert.Equal((CaseExport.Redacted, CaseExport.Redacted), (p.File.Id, p.File.Sha256)));
        Assert.Equal(World.Proofs().Select(p => (p.Kind, p.File.MediaType, p.File.SizeBytes)), purged.Proofs.Select(p => (p.Kind, p.File.MediaType, p.File.SizeBytes)));
        Assert.Equal((CaseExport.Redacted, CaseExport.Redacted), (purged.DocumentNumberFingerprint, purged.DocumentImage!.Id));
        Assert.Equal(CaseExport.Redacted, purged.Video!.Statement.Reason);
        Assert.Equal((held.State, held.SelectedItems, held.DecidedAt), (purged.State, purged.SelectedItems, purged.DecidedAt));
        Assert.Equal(held.Events.Count + 1, purged.Events.Count);
        Assert.True(purged.Trail.Holds);
        Assert.DoesNotContain(Accounts.NewEmailA, System.Text.Encoding.UTF8.GetString(purged.ToJson()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCodes.CaseNotFound, (await w.Service.ExportCaseAsync(CaseId.New(), Ct)).ErrorCode);
    }

    /// <summary>
    /// Alice's case through every step to a completed reset (new contact, questionnaire, proofs, document, video), and
    /// Carol's through a face scan to a cancellation with idempotency keys and her notices still in the outbox, both ended now.
    /// </summary>
    private static async Task<(CaseId Alice, CaseId Carol)> EndedCasesAsync(World w)
    {
        var alice = await w.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), Ct);

        // The questionnaire again, with values no other part of the case holds.
        Assert.True((await w.Service.ClaimAsync(alice, "reviewer-1", cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.RequestInformationAsync(alice, "reviewer-1", AmendableItems.Questionnaire, "questionnaire.unclear", cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.AnswerQuestionnaireAsync(alice, KnownAnswers, "alice-answers-again", Ct)).Succeeded);
        Assert.True((await w.Service.SubmitAsync(alice, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ClaimAsync(alice, "reviewer-1", cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ApproveAsync(alice, "reviewer-1", cancellationToken: Ct)).Succeeded);
        w.Deliver();
        Assert.Equal(CaseState.Completed, w.Load(alice)!.State);

        // Carol's calls carry idempotency keys: their records (answers sealed) are in the scan too.
        var carol = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.App), "carol-open", Ct)).View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(carol, SecurityItems.Phone, "carol-select", Ct)).Succeeded);
        w.Identity.RegisterFaceScan(Accounts.CarolId, carol, ScanSession, passed: true);
        Assert.True((await w.Service.RecordFaceScanAsync(carol, ScanSession, "carol-scan", Ct)).Succeeded);
        Assert.True((await w.Service.CancelAsync(carol, "carol-cancel", Ct)).Succeeded);

        // Carol's notices are left in the outbox, sealed, as a dispatcher that is behind would leave them.
        Assert.Equal(CaseState.Cancelled, w.Load(carol)!.State);
        Assert.NotNull(w.Load(carol)!.FaceScanReference);
        return (alice, carol);
    }

    /// <summary>Every personal value the two cases were given, as typed and as the reviewer and the export see them.</summary>
    private static async Task<IReadOnlyList<string>> PersonalValuesAsync(World w, CaseId alice, CaseId carol)
    {
        var values = new List<string>
        {
            Accounts.AliceEmail, Accounts.AlicePhone, Accounts.AlicePhone[1..], Accounts.NewEmailA, Accounts.OtherDocumentNumber,
            Accounts.CarolEmail, Accounts.CarolPhone, Accounts.CarolPhone[1..], Accounts.CarolDocumentNumber, ScanSession,
        };
        foreach (var id in new[] { alice, carol })
        {
            var export = (await w.Service.ExportCaseAsync(id, Ct)).View!;
            var review = (await w.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!;
            values.AddRange(new[] { export.BoundEmail, export.BoundPhone, export.NewContact, review.NewContact, export.FaceScanReference, export.DocumentNumberFingerprint }.OfType<string>());
            if (export.QuestionnaireAnswers is { } answers)
            {
                values.AddRange(answers.RecentTrades.Concat(answers.AssetHoldings).Concat(answers.DepositAddresses).Concat(answers.WithdrawalAddresses));
                values.AddRange(new[] { answers.AntiPhishingCode, answers.Nickname }.OfType<string>());
            }

            var files = export.Proofs.Select(p => p.File).Concat(new[] { export.DocumentImage, export.Video?.Video }.OfType<EvidenceReference>());
            values.AddRange(files.SelectMany(f => new[] { f.Id, f.Sha256 }));
            if (export.Video?.Statement is { } statement)
            {
                values.AddRange([statement.Email, statement.Phone, statement.Reason]);
            }
        }

        // Short values (a country code, say) would match by chance inside any base64 text.
        return [.. values.Where(v => v.Length >= 6 && v != CaseExport.Redacted).Distinct(StringComparer.Ordinal)];
    }

    private static (int Texts, long Characters, List<string> Findings, HashSet<string> Hits) Scan(IReadOnlyList<string> texts, IReadOnlyList<string> values)
    {
        var hits = values.Where(v => texts.Any(t => t.Contains(v, StringComparison.OrdinalIgnoreCase))).ToHashSet(StringComparer.Ordinal);
        var search = SearchValues.Create([.. values], StringComparison.OrdinalIgnoreCase);
        var findings = new List<string>();
        long characters = 0;
        foreach (var text in texts)
        {
            characters += text.Length;
            var at = text.AsSpan().IndexOfAny(search);
            if (at >= 0)
            {
                var from = Math.Max(0, at - 20);
                findings.Add(string.Concat(text.AsSpan(0, Math.Min(40, text.Length)), " … ", text.AsSpan(from, Math.Min(60, text.Length - from))));
            }
        }

        return (texts.Count, characters, findings, hits);
    }
}
