using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.Tests.Service;

/// <summary>
/// Idempotency keys over generated keys, repeats and delays: one key gives one answer and one effect however often the
/// request is retried; another key is another request, with its own effect; a key sent again with another request
/// changes nothing.
/// </summary>
public sealed class IdempotencyProperties
{
    private const int Runs = 60;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>1 to 40 printable ASCII characters, as a client would send.</summary>
    private static readonly Gen<string> Keys =
        from length in Gen.Choose(1, 40)
        from chars in Gen.ArrayOf(Gen.Choose(0x21, 0x7E).Select(c => (char)c), length)
        select new string(chars);

    /// <summary>
    /// Alice's case verifying its bound email (the phone and the authenticator lost), with no resend cooldown and room
    /// for many codes, so each request that runs sends a code.
    /// </summary>
    private static (World World, CaseId Id) Verifying()
    {
        var world = new World(o =>
        {
            o.Codes.ResendCooldown = TimeSpan.Zero;
            o.Codes.MaxPerDestination = OptionCatalog.CodeMaxPerDestination.Maximum;
            o.Codes.MaxPerDestinationPerAccount = OptionCatalog.CodeMaxPerDestinationPerAccount.Maximum;
        });
        var id = Sync.Run(world.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
        Assert.True(Sync.Run(world.Service.SelectItemsAsync(id, SecurityItems.Phone | SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
        return (world, id);
    }

    private static int CodesTo(World world, CaseId id) => world.Outbox.Codes.Count(c => c.CaseId == id && c.Address == Accounts.AliceEmail);

    private static string Answer(ResetResult<ApplicantCaseView> result) => JsonSerializer.Serialize(result);

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_request_retried_with_its_key_gets_the_first_answer_and_has_one_effect() =>
        Prop.ForAll(
            Arb.From(from key in Keys from delays in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 3600), n)) select (Key: key, Delays: delays)),
            input =>
            {
                var (world, id) = Verifying();
                var version = world.Load(id)!.Version;

                var first = Sync.Run(world.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, input.Key, Ct));
                Assert.True(first.Succeeded, first.ErrorCode);
                Assert.Equal(1, CodesTo(world, id));
                foreach (var delay in input.Delays)
                {
                    world.Clock.Advance(TimeSpan.FromSeconds(delay));
                    var retry = Sync.Run(world.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, input.Key, Ct));
                    Assert.Equal(Answer(first), Answer(retry));
                }

                // Only one code was ever drawn (a later one could expire before delivery, so the outbox alone would not tell).
                Assert.Equal(1, world.Codes.Count);
                Assert.Equal(1, CodesTo(world, id));
                Assert.Equal(version + 1, world.Load(id)!.Version);
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Requests_with_different_keys_each_have_their_own_effect() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(2, 5).SelectMany(n => Gen.ArrayOf(Keys, n)).Where(keys => keys.Distinct(StringComparer.Ordinal).Count() == keys.Length)),
            keys =>
            {
                var (world, id) = Verifying();
                var version = world.Load(id)!.Version;
                var answers = new HashSet<string>(StringComparer.Ordinal);

                foreach (var key in keys)
                {
                    var result = Sync.Run(world.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, key, Ct));
                    Assert.True(result.Succeeded, result.ErrorCode);
                    Assert.True(answers.Add(Answer(result)));
                }

                Assert.Equal(keys.Length, CodesTo(world, id));
                Assert.Equal(keys.Length, world.Codes.Count);
                Assert.Equal(version + keys.Length, world.Load(id)!.Version);
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property A_key_sent_again_with_another_request_is_refused_and_changes_nothing() =>
        Prop.ForAll(Arb.From(from key in Keys from other in Gen.Choose(0, 2) select (Key: key, Other: other)), input =>
        {
            var (world, id) = Verifying();
            Assert.True(Sync.Run(world.Service.RequestCodeAsync(id, VerificationTarget.BoundEmail, input.Key, Ct)).Succeeded);
            var code = world.LastCodeTo(id, Accounts.AliceEmail)!;
            var stored = world.Stored(id);

            var reused = input.Other switch
            {
                0 => Sync.Run(world.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, input.Key, Ct)),
                1 => Sync.Run(world.Service.RequestCodeAsync(id, VerificationTarget.BoundPhone, input.Key, Ct)),
                _ => Sync.Run(world.Service.CancelAsync(id, input.Key, Ct)),
            };

            Assert.Equal(ErrorCodes.IdempotencyKeyReused, reused.ErrorCode);
            Assert.Equal(stored, world.Stored(id));
            Assert.Equal(1, CodesTo(world, id));

            // Without the key the same request runs: the refusal was the key's, not the request's.
            Assert.True(Sync.Run(world.Service.VerifyCodeAsync(id, VerificationTarget.BoundEmail, code, cancellationToken: Ct)).Succeeded);
        });
}
