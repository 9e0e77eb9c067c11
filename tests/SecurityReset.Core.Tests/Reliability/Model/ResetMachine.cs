using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;

namespace SecurityReset.Tests.Reliability.Model;

/// <summary>One generated starting point: a persona, the account limits, and a fresh world for them.</summary>
public sealed class ModelSetup(Persona persona, LimitsModel limits) : Setup<ModelActual, CaseModel>
{
    public override ModelActual Actual()
    {
        ModelOp.Stats.Add("sequences");
        var t = System.Diagnostics.Stopwatch.GetTimestamp();
        var world = new World(o =>
        {
            o.Lockout.MaxFailuresPerFactor = limits.Budget;
            o.FaceScan.MaxFailuresPerAccount = limits.FaceBudget;
            o.Codes.MaxPerDestinationPerAccount = limits.SendBudget;
            o.Codes.MaxNewContactsPerAccount = limits.NewContactBudget;
            o.Lockout.Window = TimeSpan.FromSeconds(limits.Window);
        });
        ModelOp.Stats.Add("setup-us", (long)System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        return new ModelActual(world, persona);
    }

    public override CaseModel Model() => CaseModel.Initial(persona, limits);

    public override string ToString() => $"{persona}, limits: {limits}";
}

/// <summary>
/// The state machine FsCheck drives: a setup, then up to 40 operations drawn by the model's state — mostly the
/// ones that move a case forward, always mixed with wrong codes, clock jumps, out-of-order steps, cancellation
/// and the expiry job, so that deep states are reached and every refusal is visited.
/// </summary>
public sealed class ResetMachine() : Machine<ModelActual, CaseModel>(MaxOperations)
{
    public const int MaxOperations = 40;

    private static readonly Persona[] Personas = Enum.GetValues<Persona>();

    private static readonly long[] SmallJumps = [1, 29, 30, 61, 61, 90, 300];
    private static readonly long[] BigJumps = [15 * 60, 16 * 60, 3600, 11 * 60, 25 * 3600, 72 * 3600];

    /// <summary>Every operation, for the out-of-order draws.</summary>
    private static readonly Func<ModelOp>[] Catalogue =
    [
        () => new OpenOp(),
        () => new GetCaseOp(),
        () => new StaleCredentialOp(),
        () => new GetCaseForReviewOp(),
        () => new ReviewQueueOp(),
        () => new ApplyApprovedResetsOp(),
        () => new UnknownCaseOp(),
        () => new ExpireJobOp(),
        () => new SelectOp(SecurityItems.None),
        () => new SelectOp(SecurityItems.All),
        () => new SelectOp(SecurityItems.Authenticator),
        () => new SelectOp(SecurityItems.Phone),
        () => new SelectOp((SecurityItems)8),
        () => new RequestCodeOp(VerificationTarget.BoundEmail),
        () => new RequestCodeOp(VerificationTarget.BoundPhone),
        () => new RequestCodeOp(VerificationTarget.NewContact),
        () => new VerifyCodeOp(VerificationTarget.BoundEmail, CodeKind.Right),
        () => new VerifyCodeOp(VerificationTarget.BoundEmail, CodeKind.Wrong),
        () => new VerifyCodeOp(VerificationTarget.BoundEmail, CodeKind.Stale),
        () => new VerifyCodeOp(VerificationTarget.BoundPhone, CodeKind.Right),
        () => new VerifyCodeOp(VerificationTarget.BoundPhone, CodeKind.Malformed),
        () => new VerifyCodeOp(VerificationTarget.NewContact, CodeKind.Right),
        () => new VerifyCodeOp(VerificationTarget.NewContact, CodeKind.Wrong),
        () => new VerifyAuthenticatorOp(TotpKind.Current),
        () => new VerifyAuthenticatorOp(TotpKind.Previous),
        () => new VerifyAuthenticatorOp(TotpKind.Old),
        () => new VerifyAuthenticatorOp(TotpKind.Wrong),
        () => new VerifyAuthenticatorOp(TotpKind.Malformed),
        () => new FaceScanOp(ScanKind.Pass),
        () => new FaceScanOp(ScanKind.Fail),
        () => new FaceScanOp(ScanKind.Unknown),
        () => new FaceScanOp(ScanKind.Malformed),
        () => new FaceScanOp(ScanKind.Replay),
        () => new FaceScanOp(ScanKind.OtherCase),
        () => new AnswerOp(true),
        () => new AnswerOp(false),
        () => new ProofsOp(ProofsKind.Valid),
        () => new ProofsOp(ProofsKind.MissingRequired),
        () => new ProofsOp(ProofsKind.BadHash),
        () => new SetContactOp(ContactChoice.EmailA),
        () => new SetContactOp(ContactChoice.EmailB),
        () => new SetContactOp(ContactChoice.Phone),
        () => new SetContactOp(ContactChoice.SameEmail),
        () => new SetContactOp(ContactChoice.SamePhone),
        () => new SetContactOp(ContactChoice.Smuggled),
        () => new DocumentOp(DocumentKind.KycDocument),
        () => new DocumentOp(DocumentKind.Other),
        () => new DocumentOp(DocumentKind.Malformed),
        () => new VideoOp(VideoKind.Valid),
        () => new VideoOp(VideoKind.WrongUid),
        () => new VideoOp(VideoKind.Yesterday),
        () => new VideoOp(VideoKind.OtherEmail),
        () => new VideoOp(VideoKind.BlankPhone),
        () => new TermsOp(true),
        () => new TermsOp(false),
        () => new SubmitOp(),
        () => new CancelOp(),
        () => new ClaimOp("reviewer-1"),
        () => new ClaimOp("reviewer-2"),
        () => new ClaimOp(" "),
        () => new ReviewOp("reviewer-1", Verdict.Approve),
        () => new ReviewOp("reviewer-2", Verdict.Approve),
        () => new ReviewOp("reviewer-1", Verdict.Reject),
        () => new ReviewOp("reviewer-1", Verdict.RejectWithBadReason),
        () => new ReviewOp("reviewer-1", Verdict.RequestNothing),
        () => new ReviewOp("reviewer-1", Verdict.RequestInformation, AmendableItems.Questionnaire | AmendableItems.VerificationVideo),
    ];

    public override Arbitrary<Setup<ModelActual, CaseModel>> Setup =>
        Arb.From(
            from persona in Gen.Elements(Personas)
            from limits in Gen.Frequency((3, Gen.Constant(LimitsModel.Defaults)), (2, Gen.Constant(LimitsModel.Small)))
            select (Setup<ModelActual, CaseModel>)new ModelSetup(persona, limits));

    public override Gen<Operation<ModelActual, CaseModel>> Next(CaseModel m)
    {
        var choices = new List<(int, Gen<Operation<ModelActual, CaseModel>>)>();
        void Add(int weight, ModelOp op) => choices.Add((weight, Gen.Constant<Operation<ModelActual, CaseModel>>(op)));

        foreach (var (weight, op) in Forward(m))
        {
            Add(weight, op);
        }

        choices.Add((6, Gen.Elements(Catalogue).Select(make => (Operation<ModelActual, CaseModel>)make())));
        choices.Add((3, Gen.Elements(SmallJumps).Select(s => (Operation<ModelActual, CaseModel>)new ClockOp(s))));
        choices.Add((1, Gen.Elements(BigJumps).Select(s => (Operation<ModelActual, CaseModel>)new ClockOp(s))));
        if (m.HasCase)
        {
            Add(1, new ExpireJobOp());
            Add(1, new CancelOp());
        }

        return Gen.Frequency(choices);
    }

    /// <summary>The operations that move the case forward from where the model stands, with their weights.</summary>
    private static IEnumerable<(int, ModelOp)> Forward(CaseModel m)
    {
        if (!m.HasCase || m.Terminal)
        {
            if (!m.Completed)
            {
                yield return (12, new OpenOp());
            }

            yield break;
        }

        // Every item selected, nothing to verify: an Advanced KYC account may still take the face scan in the steps.
        if (m.Kyc == KycLevel.Advanced && m.Method == VerificationMethod.NothingRemained
            && m.State is CaseState.Questionnaire or CaseState.SupplementaryProofs or CaseState.IdentityVerification)
        {
            yield return (3, new FaceScanOp(ScanKind.Pass));
            yield return (1, new FaceScanOp(ScanKind.Fail));
            if (m.FaceSessions > 0)
            {
                yield return (1, new FaceScanOp(ScanKind.Replay));
            }
        }

        switch (m.State)
        {
            case CaseState.SelectingItems:
                foreach (var items in new[] { SecurityItems.Authenticator, SecurityItems.Phone, SecurityItems.Email | SecurityItems.Phone, SecurityItems.All, SecurityItems.Phone | SecurityItems.Authenticator })
                {
                    if ((items & ~m.Bound) == 0)
                    {
                        yield return (3, new SelectOp(items));
                    }
                }

                break;
            case CaseState.VerifyingItems:
                foreach (var (item, target) in new[] { (SecurityItems.Email, VerificationTarget.BoundEmail), (SecurityItems.Phone, VerificationTarget.BoundPhone) })
                {
                    if ((m.Remaining & item) != 0 && (m.Verified & item) == 0)
                    {
                        var live = m.Challenge(target) is { Live: true };
                        yield return (8, live ? new VerifyCodeOp(target, CodeKind.Right) : new RequestCodeOp(target));
                        yield return (1, new VerifyCodeOp(target, CodeKind.Wrong));
                        yield return (2, new RequestCodeOp(target)); // resends spend the account's codes for the destination
                    }
                }

                if ((m.Remaining & SecurityItems.Authenticator) != 0 && (m.Verified & SecurityItems.Authenticator) == 0)
                {
                    yield return (6, new VerifyAuthenticatorOp(TotpKind.Current));
                    yield return (1, new VerifyAuthenticatorOp(TotpKind.Wrong));
                }

                if (m.Kyc == KycLevel.Advanced)
                {
                    yield return (5, new FaceScanOp(ScanKind.Pass));
                    yield return (2, new FaceScanOp(ScanKind.Fail));
                    yield return (1, new FaceScanOp(ScanKind.OtherCase)); // a passing session of an earlier case, replayed
                    if (m.FaceSessions > 0)
                    {
                        yield return (2, new FaceScanOp(ScanKind.Replay)); // the same session again in this case
                    }
                }

                break;
            case CaseState.Questionnaire:
                yield return (12, new AnswerOp(true));
                break;
            case CaseState.SupplementaryProofs:
                yield return (12, new ProofsOp(ProofsKind.Valid));
                break;
            case CaseState.IdentityVerification:
                if (m.NewContact == NewContactModel.None)
                {
                    yield return (6, new SetContactOp(ContactChoice.EmailA));
                    yield return (4, new SetContactOp(ContactChoice.Phone));
                }
                else if (!m.NewContactVerified)
                {
                    var live = m.NewContactCodes is { Live: true };
                    yield return (8, live ? new VerifyCodeOp(VerificationTarget.NewContact, CodeKind.Right) : new RequestCodeOp(VerificationTarget.NewContact));
                    yield return (2, new RequestCodeOp(VerificationTarget.NewContact));
                }

                if (!m.Document)
                {
                    yield return (6, new DocumentOp(DocumentKind.KycDocument));
                }

                if (!m.Video)
                {
                    yield return (6, new VideoOp(VideoKind.Valid));
                }

                if (!m.Terms)
                {
                    yield return (6, new TermsOp(true));
                }

                if (m.NewContactVerified && m.Document && m.Video && m.Terms)
                {
                    yield return (12, new SubmitOp());
                }

                break;
            case CaseState.ReadyToSubmit:
                yield return (12, new SubmitOp());
                break;
            case CaseState.Submitted:
                yield return (10, new ClaimOp("reviewer-1"));
                yield return (2, new ClaimOp("reviewer-2"));
                yield return (1, new ClockOp(CaseModel.ReviewDeadline)); // nobody reviews it in time
                break;
            case CaseState.UnderReview:
                yield return (6, new ReviewOp(m.Reviewer!, Verdict.Approve));
                yield return (2, new ReviewOp(m.Reviewer!, Verdict.Reject));
                yield return (3, new ReviewOp(m.Reviewer!, Verdict.RequestInformation, AmendableItems.Questionnaire | AmendableItems.IdentityDocument));
                yield return (2, new ReviewOp(m.Reviewer!, Verdict.RequestInformation, AmendableItems.SupplementaryProofs | AmendableItems.VerificationVideo));
                yield return (1, new ReviewOp(m.Reviewer == "reviewer-1" ? "reviewer-2" : "reviewer-1", Verdict.Approve));
                yield return (1, new ClockOp(CaseModel.ReviewDeadline)); // the reviewer never decides
                yield return (2, new ClockOp(CaseModel.ClaimTimeout)); // the claim lapses
                yield return (2, new ClaimOp(m.Reviewer == "reviewer-1" ? "reviewer-2" : "reviewer-1")); // held, or taken over once lapsed
                break;
            case CaseState.InformationRequested:
                var missing = m.Requested & ~m.Amended;
                if ((missing & AmendableItems.Questionnaire) != 0)
                {
                    yield return (6, new AnswerOp(true));
                }

                if ((missing & AmendableItems.SupplementaryProofs) != 0)
                {
                    yield return (6, new ProofsOp(ProofsKind.Valid));
                }

                if ((missing & AmendableItems.IdentityDocument) != 0)
                {
                    yield return (6, new DocumentOp(DocumentKind.KycDocument));
                }

                if ((missing & AmendableItems.VerificationVideo) != 0)
                {
                    yield return (6, new VideoOp(VideoKind.Valid));
                }

                yield return (missing == AmendableItems.None ? 12 : 1, new SubmitOp());
                break;
        }
    }
}
