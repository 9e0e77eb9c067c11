using SecurityReset.Workflow;
using SecurityReset.Workflow.Commands;
using S = SecurityReset.CaseState;
using T = SecurityReset.Workflow.CaseTrigger;

namespace SecurityReset.Benchmarks.Decide;

/// <summary>
/// The floor: the states and triggers of <see cref="CaseWorkflow"/> as a hand-written switch. It picks the
/// destination (the dynamic ones from the snapshot and the command, as the default step policy would) and
/// nothing else: no actor, lifetime, rule or validation check, no hash, no new snapshot, no event.
/// </summary>
internal static class HandWrittenWorkflow
{
    /// <summary>The destination of a command, or <see langword="null"/> when the state does not list its trigger.</summary>
    public static S? Next(ResetCase c, CaseCommand command) => c.State switch
    {
        S.SelectingItems => command.Trigger switch
        {
            T.SelectItems => AfterSelect(c, ((SelectItems)command).Items),
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.VerifyingItems => command.Trigger switch
        {
            T.RequestCode or T.ReleaseUndeliveredCode => S.VerifyingItems,
            T.VerifyCode => AfterVerify(c, ((VerifyCode)command).Target == VerificationTarget.BoundEmail ? SecurityItems.Email : SecurityItems.Phone),
            T.VerifyAuthenticator => AfterVerify(c, SecurityItems.Authenticator),
            T.RecordFaceScan => S.ReadyToSubmit,
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.Questionnaire => command.Trigger switch
        {
            T.AnswerQuestionnaire => S.SupplementaryProofs,
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.SupplementaryProofs => command.Trigger switch
        {
            T.ProvideProofs => S.IdentityVerification,
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.IdentityVerification => command.Trigger switch
        {
            T.SetNewContact or T.RequestCode or T.ReleaseUndeliveredCode or T.VerifyCode
                or T.SubmitDocument or T.SubmitVideo or T.AcceptTerms => S.IdentityVerification,
            T.Submit => S.Submitted,
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.ReadyToSubmit => command.Trigger switch
        {
            T.Submit => S.Submitted,
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.Submitted => command.Trigger switch
        {
            T.Claim => S.UnderReview,
            T.Cancel => S.Cancelled,
            _ => null,
        },
        S.UnderReview => command.Trigger switch
        {
            T.Approve => S.Approved,
            T.Reject => S.Rejected,
            T.RequestInformation => S.InformationRequested,
            T.Cancel => S.Cancelled,
            _ => null,
        },
        S.InformationRequested => command.Trigger switch
        {
            T.AnswerQuestionnaire or T.ProvideProofs or T.SubmitDocument or T.SubmitVideo => S.InformationRequested,
            T.Submit => S.Submitted,
            T.Cancel => S.Cancelled,
            T.Expire => S.Expired,
            _ => null,
        },
        S.Approved => command.Trigger == T.CompleteReset ? S.Completed : null,
        _ => null,
    };

    private static S AfterSelect(ResetCase c, SecurityItems selected) =>
        (c.Account.BoundItems & ~selected) == SecurityItems.None ? S.Questionnaire : S.VerifyingItems;

    private static S AfterVerify(ResetCase c, SecurityItems item) =>
        ((c.VerifiedItems | item) & c.RemainingItems) == c.RemainingItems ? S.Questionnaire : S.VerifyingItems;
}
