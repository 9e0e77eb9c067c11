using System.Globalization;
using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;
using S = SecurityReset.CaseState;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// Step 4 — Supplementary Proof Materials, when the policy requires them: source and destination of funds,
/// notification records and fiat transaction records are required; other evidence is optional.
/// </summary>
internal static class SupplementaryProofsStep
{
    private const int RequiredKinds = (1 << (int)ProofKind.SourceOfFunds) | (1 << (int)ProofKind.DestinationOfFunds)
        | (1 << (int)ProofKind.NotificationRecords) | (1 << (int)ProofKind.FiatTransactionRecords);

    public static Guard SomeProofs { get; } = Guard.OnInput(
        "some proofs given", ErrorCodes.ProofsMissingRequired, "Provide the required proofs.",
        c => Proofs(c) is { Count: > 0 });

    public static Guard NotTooMany { get; } = Guard.OnInput(
        "at most the configured number of files", ErrorCodes.ProofsTooMany, c => $"At most {c.Options.Evidence.MaxProofFiles} proof files.",
        c => Proofs(c).Count <= c.Options.Evidence.MaxProofFiles);

    public static Guard KnownKinds { get; } = Guard.OnInput(
        "every proof of a known kind", ErrorCodes.EvidenceInvalid, "A proof is missing or of an unknown kind.",
        c => Proofs(c).All(p => p is not null && Enum.IsDefined(p.Kind)));

    public static Guard FilesWellFormed { get; } = Evidence.WellFormed("proof files well-formed", Files);

    public static Guard FilesOfAllowedType { get; } = Evidence.MediaTypeAllowed("proof files of an accepted type", Files, o => o.Evidence.AllowedFileMediaTypes);

    public static Guard FilesWithinSize { get; } = Evidence.WithinSize("proof files within the size limit", Files, o => o.Evidence.MaxFileBytes);

    public static Guard RequiredKindsPresent { get; } = Guard.OnInput(
        "the four required kinds present", ErrorCodes.ProofsMissingRequired,
        "Source of funds, destination of funds, notification records and fiat transaction records are required.",
        c => (Proofs(c).Aggregate(0, (kinds, p) => p is null ? kinds : kinds | (1 << (int)p.Kind)) & RequiredKinds) == RequiredKinds);

    private static readonly Guard[] Rules = [SomeProofs, NotTooMany, KnownKinds, FilesWellFormed, FilesOfAllowedType, FilesWithinSize, RequiredKindsPresent];

    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(StateGroup.Of(S.SupplementaryProofs), CaseTrigger.ProvideProofs, Who.Applicant,
            Rules,
            Destinations.OneOf((S.IdentityVerification, "identity next"), (S.ReadyToSubmit, "nothing more required")),
            Provide),
        new(StateGroup.Of(S.InformationRequested), CaseTrigger.ProvideProofs, Who.Applicant,
            [.. Rules, Amendments.Named(AmendableItems.SupplementaryProofs, "proofs named")],
            Destinations.Stay, Provide),
    ];

    private static IReadOnlyList<SupplementaryProof> Proofs(CommandContext c) => c.Input<ProvideProofs>().Proofs ?? [];

    private static IEnumerable<EvidenceReference?> Files(CommandContext c) => Proofs(c).Select(p => p?.File);

    private static Decision Provide(CommandContext c)
    {
        var proofs = Proofs(c);
        var changed = c.Amended(AmendableItems.SupplementaryProofs) with { Proofs = [.. proofs] };
        return c.MoveOn(changed, CaseEventTypes.ProofsProvided, proofs.Count.ToString(CultureInfo.InvariantCulture));
    }
}
