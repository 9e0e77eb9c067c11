using SecurityReset.Cases;
using SecurityReset.Workflow;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;
using S = SecurityReset.Cases.CaseState;
using T = SecurityReset.Workflow.CaseTrigger;

namespace SecurityReset.Benchmarks.Decide;

/// <summary>
/// The naive use of Stateless: for every command, build a machine in the snapshot's state, configure it with a
/// copy of <see cref="CaseWorkflow"/>'s configuration (same states, triggers, guards and documented dynamic
/// destinations), then fire the trigger. The dynamic destination selectors ask <see cref="HandWrittenWorkflow"/>,
/// so both baselines pick the same destination. No rule, validation or hashing runs here.
/// </summary>
internal static class NaiveStatelessWorkflow
{
    private static readonly S[] AfterVerification =
        [S.Questionnaire, S.SupplementaryProofs, S.IdentityVerification, S.ReadyToSubmit];

    /// <summary>Builds, configures and fires a machine for one command; returns the state it ends in.</summary>
    public static S Fire(ResetCase current, CaseTrigger trigger, Func<S> destination)
    {
        var machine = Configure(current.State, destination);
        machine.Fire(trigger);
        return machine.State;
    }

    /// <summary>The same configuration over an external state, built once: only <see cref="StateMachine{TState,TTrigger}.Fire(TTrigger)"/> runs per command.</summary>
    public sealed class Cached
    {
        private readonly StateMachine<S, T> _machine;
        private S _state;
        private Func<S> _destination = () => S.VerifyingItems;

        public Cached() => _machine = Configure(() => _state, s => _state = s, () => _destination());

        public S Fire(ResetCase current, CaseTrigger trigger, Func<S> destination)
        {
            _state = current.State;
            _destination = destination;
            _machine.Fire(trigger);
            return _state;
        }
    }

    /// <summary>The Mermaid diagram of this copy, to check it matches the library's.</summary>
    public static string ToMermaid() => MermaidGraph.Format(Configure(S.SelectingItems, () => S.VerifyingItems).GetInfo());

    private static StateMachine<S, T> Configure(S initial, Func<S> destination)
    {
        var machine = new StateMachine<S, T>(initial);
        Configure(machine, destination);
        return machine;
    }

    private static StateMachine<S, T> Configure(Func<S> read, Action<S> write, Func<S> destination)
    {
        var machine = new StateMachine<S, T>(read, write);
        Configure(machine, destination);
        return machine;
    }

    // A line-by-line copy of CaseWorkflow.Configure; only the dynamic selectors differ (they compute the destination).
    private static void Configure(StateMachine<S, T> machine, Func<S> destination)
    {
        machine.Configure(S.SelectingItems)
            .PermitDynamic(T.SelectItems, destination, "selected items",
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
            .PermitDynamic(T.VerifyCode, destination, "code checked", VerificationOutcomes("all remaining items verified"))
            .PermitDynamic(T.VerifyAuthenticator, destination, "authenticator checked", VerificationOutcomes("all remaining items verified"))
            .PermitDynamic(T.RecordFaceScan, destination, "face scan recorded", VerificationOutcomes("Advanced KYC scan passed"))
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.Questionnaire)
            .PermitDynamic(T.AnswerQuestionnaire, destination, "answers recorded", NextSteps(S.SupplementaryProofs, S.IdentityVerification, S.ReadyToSubmit))
            .Permit(T.Cancel, S.Cancelled)
            .PermitIf(T.Expire, S.Expired, () => true, "lifetime passed");

        machine.Configure(S.SupplementaryProofs)
            .PermitDynamic(T.ProvideProofs, destination, "required proofs present", NextSteps(S.IdentityVerification, S.ReadyToSubmit))
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
