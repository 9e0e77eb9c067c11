using SecurityReset.Cases;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;
using S = SecurityReset.Cases.CaseState;
using T = SecurityReset.Workflow.CaseTrigger;

namespace SecurityReset.Workflow;

/// <summary>
/// The transition table of a reset case, configured once with Stateless. It is the specification: the
/// exported diagram is drawn from it, and <see cref="CaseDecider"/> refuses any (state, trigger) pair it does
/// not list and checks every destination against it. The rules that pick a destination live in the decider;
/// the guard texts here name them. Thread-safe: the configured machine is only read after start-up.
/// </summary>
public static class CaseWorkflow
{
    private static readonly S[] AfterVerification =
        [S.Questionnaire, S.SupplementaryProofs, S.IdentityVerification, S.ReadyToSubmit];

    private static readonly StateMachineInfo Info = Configure().GetInfo();

    internal static TransitionTable Table { get; } = TransitionTable.From(Info);

    /// <summary>The transition table as a Mermaid state diagram.</summary>
    /// <returns>The diagram text.</returns>
    public static string ToMermaid() => MermaidGraph.Format(Info);

    /// <summary>Whether a trigger is listed for a state (its guards aside).</summary>
    /// <param name="state">The state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when the table lists the pair.</returns>
    public static bool IsListed(CaseState state, CaseTrigger trigger) => Table.IsListed(state, trigger);

    /// <summary>The triggers the table lists for a state, in table order.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The triggers.</returns>
    public static IReadOnlyList<CaseTrigger> TriggersOf(CaseState state) => Table.TriggersOf(state);

    private static StateMachine<S, T> Configure()
    {
        // The machine is only configured and inspected, never fired: state lives in the snapshots.
        var machine = new StateMachine<S, T>(S.SelectingItems);

        machine.Configure(S.SelectingItems)
            .PermitDynamic(T.SelectItems, () => S.VerifyingItems, "selected items",
                Choices(
                    (S.VerifyingItems, "bound items remain to verify"),
                    (S.Questionnaire, "nothing to verify; questionnaire required"),
                    (S.SupplementaryProofs, "nothing to verify; proofs required first"),
                    (S.IdentityVerification, "nothing to verify; identity required first"),
                    (S.ReadyToSubmit, "nothing to verify; no step required")))
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.VerifyingItems)
            .PermitReentryIf(T.RequestCode, () => true, "remaining item, cooldown and send limit respected")
            .PermitReentryIf(T.ReleaseUndeliveredCode, () => true, "delivery failed")
            .PermitDynamic(T.VerifyCode, () => S.VerifyingItems, "code checked", VerificationOutcomes("all remaining items verified"))
            .PermitDynamic(T.VerifyAuthenticator, () => S.VerifyingItems, "authenticator checked", VerificationOutcomes("all remaining items verified"))
            .PermitDynamic(T.RecordFaceScan, () => S.VerifyingItems, "face scan recorded", VerificationOutcomes("Advanced KYC scan passed"))
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.Questionnaire)
            .PermitDynamic(T.AnswerQuestionnaire, () => S.ReadyToSubmit, "answers recorded", NextSteps(S.SupplementaryProofs, S.IdentityVerification, S.ReadyToSubmit))
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.SupplementaryProofs)
            .PermitDynamic(T.ProvideProofs, () => S.ReadyToSubmit, "required proofs present", NextSteps(S.IdentityVerification, S.ReadyToSubmit))
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.IdentityVerification)
            .PermitReentryIf(T.SetNewContact, () => true, "differs from the bound contact")
            .PermitReentryIf(T.RequestCode, () => true, "new contact set, cooldown and send limit respected")
            .PermitReentryIf(T.ReleaseUndeliveredCode, () => true, "delivery failed")
            .PermitReentryIf(T.VerifyCode, () => true, "code for the new contact")
            .PermitReentryIf(T.SubmitDocument, () => true, "the KYC document when KYC was done")
            .PermitReentryIf(T.SubmitVideo, () => true, "UID matches, date is today, reason given")
            .PermitReentryIf(T.AcceptTerms, () => true, "terms version given")
            .PermitIf(T.Submit, S.Submitted, () => true, "contact verified, document, video and terms recorded")
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.ReadyToSubmit)
            .Permit(T.Submit, S.Submitted)
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.Submitted)
            .Permit(T.Claim, S.UnderReview)
            .Permit(T.Cancel, S.Cancelled);

        machine.Configure(S.UnderReview)
            .PermitIf(T.Approve, S.Approved, () => true, "by the claiming reviewer")
            .PermitIf(T.Reject, S.Rejected, () => true, "by the claiming reviewer, with a reason code")
            .PermitIf(T.RequestInformation, S.InformationRequested, () => true, "by the claiming reviewer, naming items")
            .Permit(T.Cancel, S.Cancelled);

        machine.Configure(S.InformationRequested)
            .PermitReentryIf(T.AnswerQuestionnaire, () => true, "questionnaire named")
            .PermitReentryIf(T.ProvideProofs, () => true, "proofs named")
            .PermitReentryIf(T.SubmitDocument, () => true, "document named")
            .PermitReentryIf(T.SubmitVideo, () => true, "video named")
            .PermitIf(T.Submit, S.Submitted, () => true, "every named item amended")
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.Approved)
            .Permit(T.CompleteReset, S.Completed);

        machine.Configure(S.Completed);
        machine.Configure(S.Rejected);
        machine.Configure(S.Cancelled);
        machine.Configure(S.Expired);
        return machine;
    }

    private static DynamicStateInfos VerificationOutcomes(string passed)
    {
        var choices = new DynamicStateInfos { { S.VerifyingItems.ToString(), "not yet verified" } };
        foreach (var next in AfterVerification)
        {
            choices.Add(next.ToString(), $"{passed}; first step the policy requires");
        }

        return choices;
    }

    private static DynamicStateInfos NextSteps(params S[] steps)
    {
        var choices = new DynamicStateInfos();
        foreach (var step in steps)
        {
            choices.Add(step.ToString(), "next required step");
        }

        return choices;
    }

    private static DynamicStateInfos Choices(params (S State, string Criterion)[] choices)
    {
        var infos = new DynamicStateInfos();
        foreach (var (state, criterion) in choices)
        {
            infos.Add(state.ToString(), criterion);
        }

        return infos;
    }
}
