using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecurityReset.Ports;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Trail;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Trail;

/// <summary>
/// The seal of an audit event, byte for byte: trails sealed by earlier versions must keep verifying, so the input of the
/// MAC is pinned here by an independent spelling of it; and a seal is compared character for character.
/// </summary>
public sealed class TrailSealerTests
{
    private static readonly SecretKeyring Keys = new(TestSecrets.SecretKey);
    private static readonly TrailSealer Sealer = new(Keys);
    private static readonly CaseId Id = new(Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static CaseEvent[] Events() =>
    [
        new(Id, 1, CaseEventTypes.Opened, At, Actor.System, "web/logged-in"),
        new(Id, 2, CaseEventTypes.ItemsSelected, At.AddSeconds(3), Actor.Applicant("acct-1"), null),
        new(Id, 3, CaseEventTypes.Claimed, At.AddMinutes(2), Actor.Reviewer("rév-ü"), "non-ASCII détail ✓"),
    ];

    [Fact]
    public void Each_seal_is_the_key_id_and_the_HMAC_of_the_previous_seal_and_the_length_prefixed_fields()
    {
        var sealedEvents = Sealer.SealAfter(null, Events());

        string? previous = null;
        foreach (var e in sealedEvents)
        {
            Assert.Equal(Expected(previous, e), e.Seal);
            previous = e.Seal;
        }
    }

    [Fact]
    public void A_trail_sealed_here_verifies_and_a_seal_longer_shorter_or_one_character_off_does_not()
    {
        var sealedEvents = Sealer.SealAfter(null, Events());
        var owner = new CaseHarness().DriveTo(CaseState.Submitted).Case with { Id = Id, TrailHead = sealedEvents[^1].Seal };
        Assert.True(Sealer.Verify(owner, sealedEvents).Holds);

        var seal = sealedEvents[1].Seal!;
        string[] altered =
        [
            seal + "=",
            seal[..^1],
            seal[..^1] + (seal[^1] == 'A' ? 'B' : 'A'),
            seal.Replace(':', ';'),
            Keys.Current.Id + ":" + new string('A', 43) + "=",
        ];
        foreach (var forged in altered)
        {
            CaseEvent[] trail = [sealedEvents[0], sealedEvents[1] with { Seal = forged }, sealedEvents[2]];
            var verification = Sealer.Verify(owner, trail);
            Assert.False(verification.Holds, forged);
            Assert.Equal(1, verification.BrokenAt);
        }
    }

    /// <summary>The seal as the format defines it, written out without the sealer's own code.</summary>
    private static string Expected(string? previous, CaseEvent e)
    {
        using var input = new MemoryStream();
        void Text(string? value)
        {
            if (value is null)
            {
                Int64(-1);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(value);
            Int64(bytes.Length);
            input.Write(bytes);
        }

        void Int64(long value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            input.Write(bytes);
        }

        Text(previous);
        Text(e.CaseId.Value.ToString("N"));
        Int64(e.Version);
        Text(e.Type);
        Int64(e.OccurredAt.UtcTicks);
        Int64((long)e.Actor.Kind);
        Text(e.Actor.Id);
        Text(e.Detail);
        return Keys.Current.Id + ":" + Convert.ToBase64String(HMACSHA256.HashData(Keys.Current.TrailKey, input.ToArray()));
    }
}
