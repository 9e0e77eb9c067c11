using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;

namespace SecurityReset.Tests.TestSupport;

/// <summary>One well-formed command for every trigger, with the actor who would normally send it.</summary>
internal static class SampleCommands
{
    public static IReadOnlyList<(CaseCommand Command, Actor Actor)> For(ResetCase current, DateTimeOffset now)
    {
        var applicant = Actor.Applicant(current.Account.AccountId);
        var reviewer = current.ReviewerId is null ? CaseHarness.ReviewerA : Actor.Reviewer(current.ReviewerId);
        var list = new List<(CaseCommand, Actor)>
        {
            (new SelectItems(SecurityItems.Authenticator), applicant),
            (new RequestCode(VerificationTarget.BoundEmail), applicant),
            (new VerifyCode(VerificationTarget.BoundEmail, "123456"), applicant),
            (new VerifyAuthenticator(Authenticator.CodeAt(now)), applicant),
            (Scans.Result(true, "vendor-scan"), Actor.System),
            (new AnswerQuestionnaire(Inputs.Answers, Inputs.Score), applicant),
            (new ProvideProofs(Inputs.Proofs()), applicant),
            (new SetNewContact(Inputs.NewEmail), applicant),
            (new SubmitDocument(Inputs.Document(current.Account.KycDocument)), applicant),
            (Inputs.SubmitVideo(Inputs.Video(Inputs.Statement(current.Account.AccountId, now))), applicant),
            (new AcceptTerms(Inputs.TermsVersion), applicant),
            (new Submit(), applicant),
            (new Claim(), reviewer),
            (new Approve(), reviewer),
            (new Reject("identity.not_proven"), reviewer),
            (new RequestInformation(AmendableItems.VerificationVideo, "video.unclear"), reviewer),
            (new CompleteReset(), Actor.System),
            (new Cancel(), applicant),
            (new Expire(), Actor.System),
            (new ReleaseUndeliveredCode(VerificationTarget.BoundEmail, "123456"), Actor.System),
            (new Supersede(BySignedInOwner: false), Actor.System),
            (new Dispute(current.DisputeTokens.IsDefaultOrEmpty ? "no-such-token" : current.DisputeTokens[0].Hash, "not me"), Actor.System),
            (new BeginReset(), Actor.System),
        };
        Assert.Equal(Enum.GetValues<CaseTrigger>().Length, list.Count);
        return list;
    }

    public static IReadOnlyList<Actor> Actors(ResetCase current) =>
    [
        Actor.Applicant(current.Account.AccountId),
        CaseHarness.Stranger,
        CaseHarness.ReviewerA,
        CaseHarness.ReviewerB,
        Actor.System,
    ];
}
