using SecurityReset.Ports;
using SecurityReset.Tests.Reliability;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Service;

/// <summary>When each end state falls due for the purge, and what the purge job does with what a store lists.</summary>
public sealed class RetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_end_state_gets_the_retention_of_its_kind_and_open_cases_none()
    {
        var w = new World(o =>
        {
            o.Lifetimes.PersonalDataAfterDecision = TimeSpan.FromDays(60);
            o.Lifetimes.PersonalDataAfterEnd = TimeSpan.FromDays(2);
        });

        // Rejected: a decision.
        var alice = await w.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), Ct);
        Assert.Null(w.Stored(alice)!.PurgeAfter);
        Assert.True((await w.Service.ClaimAsync(alice, "reviewer-1", cancellationToken: Ct)).Succeeded);
        Assert.Null(w.Stored(alice)!.PurgeAfter);
        Assert.True((await w.Service.RejectAsync(alice, "reviewer-1", "documents.unreadable", cancellationToken: Ct)).Succeeded);
        Assert.Equal(w.Clock.GetUtcNow() + TimeSpan.FromDays(60), w.Stored(alice)!.PurgeAfter);

        // Superseded: the owner signs in while a signed-out case that proved nothing is open.
        var first = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.CarolEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct)).View!.Id;
        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.CarolId, Channel.App), cancellationToken: Ct)).View!.Id;
        Assert.Equal(CaseState.Superseded, w.Stored(first)!.State);
        Assert.Equal(w.Clock.GetUtcNow() + TimeSpan.FromDays(2), w.Stored(first)!.PurgeAfter);
        Assert.Null(w.Stored(second)!.PurgeAfter);

        // Expired: by the job, past the lifetime.
        w.Clock.Advance(w.Options.Lifetimes.Case + TimeSpan.FromHours(1));
        Assert.Equal(1, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
        Assert.Equal(CaseState.Expired, w.Stored(second)!.State);
        Assert.Equal(w.Clock.GetUtcNow() + TimeSpan.FromDays(2), w.Stored(second)!.PurgeAfter);
    }

    [Fact]
    public async Task The_purge_deletes_the_case_s_evidence_files_and_leaves_another_case_s_alone()
    {
        var w = new World();
        var evidence = new InMemory.InMemoryEvidenceStore();
        w.Service.Evidence = evidence;
        var ended = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
        var open = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.BobId, Channel.Web), cancellationToken: Ct)).View!.Id;
        foreach (var id in new[] { ended, open })
        {
            using var content = new MemoryStream([1, 2, 3]);
            Assert.True(await evidence.PutAsync(new Ports.StoredEvidence(id, "proof-1", "image/png", 3, "sha", w.Clock.GetUtcNow()), content, Ct));
        }

        Assert.True((await w.Service.CancelAsync(ended, cancellationToken: Ct)).Succeeded);
        w.Clock.Advance(w.Options.Lifetimes.PersonalDataAfterEnd + TimeSpan.FromMinutes(1));

        Assert.Equal(new PurgeResult(1, false), await w.Service.PurgeAsync(10, Ct));
        Assert.Empty(await evidence.ListAsync(ended, Ct));
        Assert.Single(await evidence.ListAsync(open, Ct));
    }

    [Fact]
    public async Task A_batch_purges_the_earliest_due_and_says_whether_more_are_due()
    {
        var w = new World();
        var ids = new List<CaseId>();
        foreach (var account in new[] { Accounts.AliceId, Accounts.BobId, Accounts.CarolId })
        {
            var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(account, Channel.Web), cancellationToken: Ct)).View!.Id;
            Assert.True((await w.Service.CancelAsync(id, cancellationToken: Ct)).Succeeded);
            ids.Add(id);
            w.Clock.Advance(TimeSpan.FromHours(1));
        }

        w.Clock.Advance(w.Options.Lifetimes.PersonalDataAfterEnd);
        Assert.Equal(new PurgeResult(2, true), await w.Service.PurgeAsync(2, Ct));
        Assert.Equal([true, true, false], ids.Select(id => w.Stored(id)!.PurgeAfter is null));
        Assert.Equal(new PurgeResult(1, false), await w.Service.PurgeAsync(2, Ct));
        Assert.Equal(new PurgeResult(0, false), await w.Service.PurgeAsync(2, Ct));
        Assert.All(ids, id => Assert.Equal(CaseEventTypes.Purged, w.Events(id)[^1].Type));
        Assert.All(ids, id => Assert.Equal("after-end", w.Events(id)[^1].Detail));
    }

    [Fact]
    public async Task An_open_case_a_store_lists_as_due_is_left_alone()
    {
        var lying = new ListsEveryCase(new InMemory.InMemoryResetCaseStore());
        var w = new World(stores: new StoreSet(lying));
        var id = await w.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), Ct);
        var before = w.Stored(id);

        Assert.Equal(new PurgeResult(0, false), await w.Service.PurgeAsync(10, Ct));
        Assert.Equal(before, w.Stored(id));
        Assert.Equal(Accounts.NewEmailA, (await w.Service.ExportCaseAsync(id, Ct)).View!.NewContact);
    }

    /// <summary>A store whose purge listing hands back every case, due or not, ended or not.</summary>
    private sealed class ListsEveryCase(InMemory.InMemoryResetCaseStore inner) : DelegatingStore(inner)
    {
        public override Task<IReadOnlyList<StoredCase>> ListPurgeDueAsync(DateTimeOffset now, int pageSize, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredCase>>([.. inner.Cases.Take(pageSize)]);
    }
}
