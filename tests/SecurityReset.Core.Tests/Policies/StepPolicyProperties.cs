using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Tests.TestSupport;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.Policies;

/// <summary>
/// The seed and strict step policies over every context, and through the workflow over generated account shapes (bound
/// items, KYC level, KYC document), selections and ways of verifying.
/// </summary>
public sealed class StepPolicyProperties
{
    private static readonly Gen<StepPolicyContext> Contexts =
        from lost in Gen.Choose(0, 7)
        from remaining in Gen.Choose(0, 7)
        from kyc in Gen.Elements(Enum.GetValues<KycLevel>())
        from method in Gen.Elements(Enum.GetValues<VerificationMethod>())
        select new StepPolicyContext((SecurityItems)lost, (SecurityItems)remaining, kyc, method);

    /// <summary>
    /// An account shape, the items the applicant selects among the bound ones, the profile, and whether an Advanced
    /// KYC account takes the face scan instead of codes.
    /// </summary>
    internal sealed record Shape(SecurityItems Bound, KycLevel Kyc, bool KycDocument, SecurityItems Selected, bool Strict, bool FaceScan)
    {
        public AccountSnapshot Account() => AccountBuilder.Default()
            .WithBound(Bound)
            .WithKycExactly(Kyc, KycDocument ? AccountBuilder.KycPassport : null)
            .Build();

        public SecurityResetOptions Options() => Strict ? TestSecrets.StrictOptions() : TestSecrets.Options();

        public override string ToString() =>
            $"Shape {{ Bound = {Bound}, Kyc = {Kyc}, KycDocument = {KycDocument}, Selected = {Selected}, Strict = {Strict}, FaceScan = {FaceScan} }}";
    }

    private static readonly Gen<Shape> Shapes =
        from bound in Gen.Choose(1, 7)
        from kyc in Gen.Elements(Enum.GetValues<KycLevel>())
        from kycDocument in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from selected in Gen.Choose(1, 7).Select(s => s & bound).Where(s => s != 0)
        from strict in Gen.Elements(false, true)
        from faceScan in Gen.Elements(false, true)
        select new Shape((SecurityItems)bound, kyc, kycDocument, (SecurityItems)selected, strict, faceScan);

    /// <summary>Selects the items and verifies what remains: by face scan when asked and offered, else item by item.</summary>
    private static CaseHarness Verified(Shape shape)
    {
        var harness = new CaseHarness(shape.Account(), shape.Options());
        harness.SelectItems(shape.Selected);
        var scan = shape.FaceScan && shape.Kyc == KycLevel.Advanced;
        if (harness.Case.State == CaseState.VerifyingItems)
        {
            if (scan)
            {
                harness.Accept(Scans.Result(true, "vendor-scan"));
            }
            else
            {
                harness.VerifyRemaining();
            }
        }
        else if (scan)
        {
            // Nothing remained to verify: an Advanced KYC account may still pass the scan in the later steps.
            harness.Accept(Scans.Result(true, "vendor-scan"));
        }

        return harness;
    }

    private static CaseState FirstStateOf(RequiredSteps steps) =>
        (steps & RequiredSteps.Questionnaire) != 0 ? CaseState.Questionnaire
        : (steps & RequiredSteps.SupplementaryProofs) != 0 ? CaseState.SupplementaryProofs
        : (steps & RequiredSteps.IdentityVerification) != 0 ? CaseState.IdentityVerification
        : CaseState.ReadyToSubmit;

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property The_seed_policy_requires_nothing_after_a_face_scan_and_every_step_after_anything_else() =>
        Prop.ForAll(Arb.From(Contexts), context =>
            Assert.Equal(context.Method == VerificationMethod.FaceScan ? RequiredSteps.None : RequiredSteps.All, IStepPolicy.Seed.Decide(context)));

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property The_strict_policy_requires_every_step_for_every_context() =>
        Prop.ForAll(Arb.From(Contexts), context => Assert.Equal(RequiredSteps.All, IStepPolicy.Strict.Decide(context)));

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property Once_verified_a_case_requires_what_its_profiles_policy_decides_and_goes_to_the_first_required_step() =>
        Prop.ForAll(Arb.From(Shapes), shape =>
        {
            var verified = Verified(shape).Case;

            var expectedMethod = shape.FaceScan && shape.Kyc == KycLevel.Advanced ? VerificationMethod.FaceScan
                : (shape.Bound & ~shape.Selected) == SecurityItems.None ? VerificationMethod.NothingRemained
                : VerificationMethod.Codes;
            Assert.Equal(expectedMethod, verified.VerificationMethod);
            var expected = (shape.Strict ? IStepPolicy.Strict : IStepPolicy.Seed).Decide(
                new StepPolicyContext(shape.Selected, shape.Bound & ~shape.Selected, shape.Kyc, expectedMethod));
            Assert.Equal(expected, verified.RequiredSteps);
            Assert.Equal(FirstStateOf(expected), verified.State);
        });

    [Property(MaxTest = 150, QuietOnSuccess = true)]
    public Property A_case_is_submitted_only_after_every_required_step_and_then_holds_all_of_them() =>
        Prop.ForAll(Arb.From(Shapes), shape =>
        {
            var harness = Verified(shape);

            // Refused at each required step until the last one is done; identity completes in place.
            while (harness.Case.State != CaseState.ReadyToSubmit)
            {
                var state = harness.Case.State;
                var before = harness.Case;
                var early = harness.Send(new Submit());
                Assert.False(early.Succeeded);
                Assert.Same(before, early.Case);
                Assert.Contains(early.Error?.Code, new[] { ErrorCodes.TransitionNotAllowed, ErrorCodes.SubmissionIncomplete });
                switch (state)
                {
                    case CaseState.Questionnaire:
                        harness.AnswerQuestionnaire();
                        break;
                    case CaseState.SupplementaryProofs:
                        harness.ProvideProofs();
                        break;
                    case CaseState.IdentityVerification:
                        harness.CompleteIdentity();
                        break;
                    default:
                        Assert.Fail($"a verified case in {state}");
                        break;
                }

                if (harness.Case.State == state)
                {
                    break;
                }
            }

            var submitted = harness.Accept(new Submit()).Case;
            Assert.Equal(CaseState.Submitted, submitted.State);
            RequiredStepsAssert.Done(submitted, harness.Options);
        });
}
