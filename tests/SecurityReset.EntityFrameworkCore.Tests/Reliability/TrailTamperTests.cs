using Microsoft.EntityFrameworkCore;
using SecurityReset.EntityFrameworkCore.Model;
using SecurityReset.EntityFrameworkCore.Tests.Databases;
using SecurityReset.Tests.Reliability;
using SecurityReset.Workflow;

namespace SecurityReset.EntityFrameworkCore.Tests.Reliability;

/// <summary>
/// An insider edits a case's audit trail in the database (an event deleted, changed, or two events swapped): the
/// chain of seals no longer holds, <see cref="SecurityResetService.VerifyTrailAsync"/> says where it breaks, the
/// reviewer sees it, and the reset of the approved case never applies.
/// </summary>
public abstract class TrailTamperTests<TDatabase>(TDatabase database)
    where TDatabase : StoreDatabase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_untouched_trail_holds_from_the_opening_to_the_last_event()
    {
        var (w, id) = await ApprovedAsync();

        var review = (await w.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!; // the look is on the trail too
        var verified = (await w.Service.VerifyTrailAsync(id, Ct)).View!;

        Assert.True(verified.Holds, verified.Problem);
        Assert.Equal(review.AuditTrail.Count, verified.Events);
        Assert.Null(verified.BrokenAt);
        Assert.True(review.Trail!.Holds);
        Assert.All(review.AuditTrail, e => Assert.StartsWith(new KeyGeneration(World.SecretKey).Id + ":", e.Seal, StringComparison.Ordinal)); // the id of the secret that sealed it
    }

    [Theory]
    [InlineData("delete the approval")]
    [InlineData("change a detail")]
    [InlineData("swap two events")]
    [InlineData("insert an approval")]
    public async Task An_edited_trail_is_found_and_the_reset_never_applies(string edit)
    {
        var (w, id) = await ApprovedAsync();
        var before = await w.Store.ReadEventsAsync(id, Ct);
        var approved = before.Single(e => e.Type == CaseEventTypes.Approved);
        await database.AllowEventEditsAsync(Ct); // an insider who can change the schema takes the triggers off first

        await using (var db = await database.Factory.CreateDbContextAsync(Ct))
        {
            var events = db.Set<CaseEventRow>().Where(r => r.CaseId == id.Value);
            var changed = edit switch
            {
                "delete the approval" => await events.Where(r => r.Version == approved.Version).ExecuteDeleteAsync(Ct),
                "change a detail" => await events.Where(r => r.Type == CaseEventTypes.Submitted).ExecuteUpdateAsync(s => s.SetProperty(r => r.Detail, "edited"), Ct),
                "swap two events" => await SwapAsync(db, id, before[1].Version, before[2].Version),
                _ => await InsertAsync(db, approved with { Version = approved.Version + 100, Seal = approved.Seal }),
            };
            Assert.True(changed > 0);
        }

        var verified = (await w.Service.VerifyTrailAsync(id, Ct)).View!;
        Assert.False(verified.Holds);
        Assert.NotNull(verified.Problem);
        Assert.False((await w.Service.GetCaseForReviewAsync(id, "reviewer-a", Ct)).View!.Trail!.Holds);

        w.Clock.Advance(TimeSpan.FromHours(1));
        await w.Service.DispatchAsync(cancellationToken: Ct);
        Assert.Equal(0, await w.Service.ApplyApprovedResetsAsync(cancellationToken: Ct));
        Assert.Empty(w.Directory.AppliedResets);
        Assert.Equal(CaseState.Approved, (await w.Store.LoadCaseAsync(id, Ct))!.State);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_an_audit_event()
    {
        var (w, id) = await ApprovedAsync();
        var before = await w.Store.ReadEventsAsync(id, Ct);

        await using (var db = await database.Factory.CreateDbContextAsync(Ct))
        {
            var events = db.Set<CaseEventRow>().Where(r => r.CaseId == id.Value);
            await Assert.ThrowsAnyAsync<Exception>(() => events.Where(r => r.Type == CaseEventTypes.Approved).ExecuteDeleteAsync(Ct));
            await Assert.ThrowsAnyAsync<Exception>(() => events.ExecuteUpdateAsync(s => s.SetProperty(r => r.Detail, "edited"), Ct));
            await Assert.ThrowsAnyAsync<Exception>(() => events.ExecuteDeleteAsync(Ct));
            if (db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                // A TRUNCATE fires no row trigger; the statement trigger refuses it, also when it cascades from the cases.
                var table = db.Model.FindEntityType(typeof(CaseEventRow))!.GetTableName()!;
                var cases = db.Model.FindEntityType(typeof(CaseRow))!.GetTableName()!;
#pragma warning disable EF1002 // the model's own table names
                await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync($"TRUNCATE \"{table}\"", Ct));
                await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync($"TRUNCATE \"{cases}\" CASCADE", Ct));
#pragma warning restore EF1002
            }
        }

        Assert.Equal(before, await w.Store.ReadEventsAsync(id, Ct));
        Assert.True((await w.Service.VerifyTrailAsync(id, Ct)).View!.Holds);
    }

    private static async Task<int> SwapAsync(SecurityResetDbContext db, CaseId id, long first, long second)
    {
        // Through a free version number, as the key holds (case, version, sequence).
        var events = db.Set<CaseEventRow>().Where(r => r.CaseId == id.Value);
        var moved = await events.Where(r => r.Version == first).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, -1), Ct);
        moved += await events.Where(r => r.Version == second).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, first), Ct);
        moved += await events.Where(r => r.Version == -1).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, second), Ct);
        return moved;
    }

    private static async Task<int> InsertAsync(SecurityResetDbContext db, SecurityReset.Ports.CaseEvent e)
    {
        db.Set<CaseEventRow>().Add(new CaseEventRow
        {
            CaseId = e.CaseId.Value,
            Version = e.Version,
            Sequence = 0,
            Type = e.Type,
            OccurredAtUtcTicks = e.OccurredAt.UtcTicks,
            ActorKind = e.Actor.Kind,
            ActorId = e.Actor.Id,
            Detail = e.Detail,
            Seal = e.Seal,
        });
        return await db.SaveChangesAsync(Ct);
    }

    /// <summary>Alice's case approved by reviewer-a with a dispute window, so its reset still waits in the outbox.</summary>
    private async Task<(World World, CaseId Id)> ApprovedAsync()
    {
        (database as PostgresDatabase)?.SkipUnlessAvailable();
        await database.ClearAsync(Ct);
        var w = new World(o => o.Lifetimes.DisputeWindow = TimeSpan.FromMinutes(30), new StoreSet(database.Store()));
        var id = await w.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), Ct);
        Assert.True((await w.Service.ClaimAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ApproveAsync(id, "reviewer-a", cancellationToken: Ct)).Succeeded);
        return (w, id);
    }
}

/// <summary>The trail tamper tests on a SQLite file.</summary>
public sealed class SqliteTrailTamperTests(SqliteDatabase database) : TrailTamperTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

/// <summary>The trail tamper tests on PostgreSQL.</summary>
public sealed class PostgresTrailTamperTests(PostgresDatabase database) : TrailTamperTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
