using SecurityReset.Ports;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Trail;
using SecurityReset.Workflow;

namespace SecurityReset.Tests.Trail;

/// <summary>
/// The seal of an audit event, byte for byte: trails sealed by earlier versions must keep verifying, so the seals of a
/// fixed trail are pinned here; and a seal is compared character for character.
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
    public void Each_seal_is_byte_for_byte_the_one_earlier_versions_wrote()
    {
        // The key id, then the HMAC-SHA256 under the trail key of the previous seal and the event's length-prefixed
        // fields (case id as 32 hexadecimal digits, version, type, time in UTC ticks, actor kind and id, detail).
        var sealedEvents = Sealer.SealAfter(null, Events());

        Assert.Equal(
            [
                "kcfe9fb61:cR4NnsvEGQhhHJadtnQsRWQ2c9WH320EfCAI1nBWBDw=",
                "kcfe9fb61:b2salCCiiPquSECA3Dwcqq+3+mMYD2r3AwRpiOOs6Q0=",
                "kcfe9fb61:bBSWyqpcN06Zbv5ARQmwAaYtgEsWkaCAEsxAp4s7uiQ=",
            ],
            sealedEvents.Select(e => e.Seal));
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
}
