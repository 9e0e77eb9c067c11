using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Ports;
using SecurityReset.Storage;
using SecurityReset.Tests.Reliability;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Storage;

/// <summary>
/// The stored case: every snapshot the workflow reaches in generated runs reads back as it was written, and the sealed
/// audit trail the service stored does not hold once one byte of one event is changed, or an event is removed, repeated
/// or moved (the check <see cref="SecurityResetService.VerifyTrailAsync"/> makes, on the events as the store reads them).
/// </summary>
public sealed class SnapshotProperties
{
    /// <summary>Reads a case's events through an edit, as an insider with write access to the events table would leave them.</summary>
    private sealed class EditedEventsStore(IResetCaseStore inner) : DelegatingStore(inner)
    {
        public Func<IReadOnlyList<CaseEvent>, IReadOnlyList<CaseEvent>>? Edit { get; set; }

        public override async Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(CaseId id, CancellationToken cancellationToken)
        {
            var events = await Inner.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false);
            return Edit is { } edit ? edit(events) : events;
        }
    }

    /// <summary>Alice's case, submitted and claimed, its trail sealed and stored: built once, only read afterwards.</summary>
    private static readonly Lazy<(World World, EditedEventsStore Store, CaseId Id, IReadOnlyList<CaseEvent> Events)> Stored = new(() =>
    {
        EditedEventsStore? store = null;
        var world = new World(wrap: new PortWrappers(Store: inner => store = new EditedEventsStore(inner)));
        var id = Sync.Run(world.SubmittedAliceCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), CancellationToken.None));
        Assert.True(Sync.Run(world.Service.ClaimAsync(id, "reviewer-a", cancellationToken: CancellationToken.None)).Succeeded);
        var events = world.Events(id);
        Assert.All(events, e => Assert.NotNull(e.Seal));
        return (world, store!, id, events);
    });

    private static readonly Lock Gate = new();

    /// <summary>The trail check of the stored case with its events read through <paramref name="edit"/>.</summary>
    private static TrailVerification VerifyWith(Func<IReadOnlyList<CaseEvent>, IReadOnlyList<CaseEvent>>? edit)
    {
        var (world, store, id, _) = Stored.Value;
        lock (Gate)
        {
            store.Edit = edit;
            try
            {
                var result = Sync.Run(world.Service.VerifyTrailAsync(id, CancellationToken.None));
                Assert.True(result.Succeeded, result.ErrorCode);
                return result.View!;
            }
            finally
            {
                store.Edit = null;
            }
        }
    }

    /// <summary>One byte (or bit) of one field changed, the rest of the event as stored.</summary>
    internal readonly record struct ByteEdit(int Event, int Field, int Position, int Mask)
    {
        public CaseEvent Apply(CaseEvent e) => Field switch
        {
            0 => e with { Type = Flip(e.Type) },
            1 => e with { Detail = e.Detail is null ? "x" : Flip(e.Detail) },
            2 => e with { Actor = e.Actor with { Id = Flip(e.Actor.Id) } },
            3 => e with { Version = e.Version ^ (1L << (Position % 48)) },
            4 => e with { OccurredAt = e.OccurredAt.AddTicks(1L << (Position % 40)) },
            5 => e with { Actor = e.Actor with { Kind = (ActorKind)(((int)e.Actor.Kind + 1 + (Mask % 2)) % 3) } },
            6 => e with { CaseId = new CaseId(FlipByte(e.CaseId.Value)) },
            _ => e with { Seal = Flip(e.Seal!) },
        };

        private string Flip(string text)
        {
            var at = Position % text.Length;
            return string.Concat(text.AsSpan(0, at), ((char)(text[at] ^ Mask)).ToString(), text.AsSpan(at + 1));
        }

        private Guid FlipByte(Guid id)
        {
            var bytes = id.ToByteArray();
            bytes[Position % bytes.Length] ^= (byte)Mask;
            return new Guid(bytes);
        }
    }

    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property Every_snapshot_a_generated_run_reaches_reads_back_field_for_field_and_writes_the_same_bytes() =>
        Prop.ForAll(Scenarios.Arbitrary, scenario => ScenarioRun.Play(scenario, step =>
        {
            if (!step.Decision.Changed)
            {
                return;
            }

            var written = step.Decision.Case;
            var stored = CaseSnapshotSerializer.ToStored(written);
            var back = CaseSnapshotSerializer.FromStored(stored);
            var differences = new List<string>();
            CaseSnapshotSerializerTests.Compare("ResetCase", written, back, differences);
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
            Assert.Equal(stored.Payload.ToArray(), CaseSnapshotSerializer.Serialize(back));
            Assert.Equal((written.Id, written.Version, written.State, written.Account.AccountId), (stored.Id, stored.Version, stored.State, stored.AccountId));
        }));

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property A_changed_byte_in_any_field_of_a_stored_sealed_event_breaks_the_trail_at_that_event() =>
        Prop.ForAll(
            Arb.From(
                from index in Gen.Choose(0, Stored.Value.Events.Count - 1)
                from field in Gen.Choose(0, 7)
                from position in Gen.Choose(0, 1000)
                from mask in Gen.Choose(1, 0x7F)
                select new ByteEdit(index, field, position, mask)),
            edit =>
            {
                var events = Stored.Value.Events;
                Assert.True(VerifyWith(null).Holds);
                var changed = edit.Apply(events[edit.Event]);
                Assert.NotEqual(events[edit.Event], changed);

                var verification = VerifyWith(stored => [.. stored.Select((e, i) => i == edit.Event ? edit.Apply(e) : e)]);

                Assert.False(verification.Holds);
                Assert.Equal(edit.Event, verification.BrokenAt);
                Assert.Equal(events.Count, verification.Events);
                Assert.NotNull(verification.Problem);
            });

    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property An_event_removed_repeated_or_moved_breaks_the_trail_where_the_chain_first_differs() =>
        Prop.ForAll(
            Arb.From(from kind in Gen.Choose(0, 2) from index in Gen.Choose(0, Stored.Value.Events.Count - 1) select (Kind: kind, Index: index)),
            input =>
            {
                var count = Stored.Value.Events.Count;
                var i = input.Kind == 2 ? Math.Min(input.Index, count - 2) : input.Index;
                Func<IReadOnlyList<CaseEvent>, IReadOnlyList<CaseEvent>> edit = input.Kind switch
                {
                    0 => stored => [.. stored.Where((_, at) => at != i)],
                    1 => stored => [.. stored.Take(i + 1), stored[i], .. stored.Skip(i + 1)],
                    _ => stored => [.. stored.Take(i), stored[i + 1], stored[i], .. stored.Skip(i + 2)],
                };

                var verification = VerifyWith(edit);

                Assert.False(verification.Holds);
                Assert.Equal(input.Kind == 1 ? i + 1 : i, verification.BrokenAt);
            });
}
