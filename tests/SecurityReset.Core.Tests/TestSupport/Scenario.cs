using FsCheck;
using FsCheck.Fluent;

namespace SecurityReset.Tests.TestSupport;

/// <summary>
/// One generated move. <see cref="Pick"/> chooses the trigger: below the number of triggers any trigger (most
/// then refused), else one the table lists for the current state. <see cref="Variant"/> chooses right or wrong inputs,
/// <see cref="ActorPick"/> the natural actor or another one, <see cref="Jump"/> how far the clock moves first.
/// </summary>
internal readonly record struct Move(int Pick, int Variant, int ActorPick, int Jump);

/// <summary>A generated account, profile and sequence of moves.</summary>
internal sealed record Scenario(SecurityItems Bound, KycLevel Kyc, bool KycDocumentRecorded, bool Strict, EntryPoint EntryPoint, Move[] Moves)
{
    public AccountSnapshot Account() => AccountBuilder.Default()
        .WithBound(Bound)
        .WithKycExactly(Kyc, Kyc != KycLevel.None && KycDocumentRecorded ? AccountBuilder.KycPassport : null)
        .Build();

    public SecurityResetOptions Options() => Strict ? TestSecrets.StrictOptions() : TestSecrets.Options();

    public override string ToString() =>
        $"Scenario {{ Bound = {Bound}, Kyc = {Kyc}, KycDocument = {KycDocumentRecorded}, Strict = {Strict}, EntryPoint = {EntryPoint}, Moves = [{string.Join(", ", Moves.Select(m => $"({m.Pick},{m.Variant},{m.ActorPick},{m.Jump})"))}] }}";
}

/// <summary>FsCheck generators for <see cref="Scenario"/>, with a shrinker that drops moves.</summary>
internal static class Scenarios
{
    public const int MaxMoves = 80;

    public static Gen<Move> MoveGen { get; } =
        from pick in Gen.Choose(0, 199)
        from variant in Gen.Choose(0, 99)
        from actor in Gen.Choose(0, 19)
        from jump in Gen.Choose(0, 999)
        select new Move(pick, variant, actor, jump);

    public static Gen<Scenario> Any { get; } =
        from bound in Gen.Choose(1, 7)
        from kyc in Gen.Elements(KycLevel.None, KycLevel.Basic, KycLevel.Advanced, KycLevel.Advanced)
        from kycDocument in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from strict in Gen.Elements(false, false, true)
        from entry in Gen.Elements(Enum.GetValues<EntryPoint>())
        from count in Gen.Choose(0, MaxMoves)
        from moves in Gen.ArrayOf(MoveGen, count)
        select new Scenario((SecurityItems)bound, kyc, kycDocument, strict, entry, moves);

    public static Arbitrary<Scenario> Arbitrary { get; } = Arb.From(Any, Shrink);

    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        var moves = scenario.Moves;
        if (moves.Length == 0)
        {
            yield break;
        }

        yield return scenario with { Moves = moves[..(moves.Length / 2)] };
        for (var i = moves.Length - 1; i >= 0; i--)
        {
            yield return scenario with { Moves = [.. moves[..i], .. moves[(i + 1)..]] };
        }
    }
}
