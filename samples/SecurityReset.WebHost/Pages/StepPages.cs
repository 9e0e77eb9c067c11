
namespace SecurityReset.WebHost.Pages;

/// <summary>
/// Which page shows a case, read from the actions the case reports as available: each applicant page carries
/// some actions, and a case goes to the first page with one of them open. While a reviewer's request is open,
/// the status page is the hub and every page with an open action can be reached from it. The step order
/// itself is the library's.
/// </summary>
internal static class StepPages
{
    public const string Start = "/Index";

    public const string Status = "/Reset/Status";

    /// <summary>The applicant pages, the progress-bar step each stands for and the actions it carries, in the order a case is sent to them.</summary>
    private static readonly (string Page, int Step, CaseAction[] Actions)[] Pages =
    [
        ("/Reset/Items", 1, [CaseAction.SelectItems]),
        ("/Reset/Questionnaire", 3, [CaseAction.AnswerQuestionnaire]),
        ("/Reset/Proofs", 4, [CaseAction.ProvideProofs]),
        ("/Reset/Identity", 5, [CaseAction.SetNewContact, CaseAction.SubmitDocument, CaseAction.SubmitVideo, CaseAction.AcceptTerms]),
        ("/Reset/Verify", 2, [CaseAction.RequestCode, CaseAction.VerifyCode, CaseAction.VerifyAuthenticator, CaseAction.RecordFaceScan]),
        ("/Reset/Submit", 6, [CaseAction.Submit]),
    ];

    /// <summary>The page a case is sent to.</summary>
    public static string For(ApplicantCaseView view) => Landing(view).Page;

    /// <summary>The step number shown in the progress bar (1-based), or 0 on the status page.</summary>
    public static int Number(ApplicantCaseView view) => Landing(view).Step;

    /// <summary>Whether a page shows the case: it is the page the case is sent to, or one reached from the status page while amending.</summary>
    public static bool Shows(string page, ApplicantCaseView view) =>
        For(view) == page || (Amending(view) && Pages.Any(p => p.Page == page && Open(p.Actions, view)));

    /// <summary>Whether the case is back with the applicant to amend what the reviewer named.</summary>
    public static bool Amending(ApplicantCaseView view) => view.RequestedAmendments != AmendableItems.None;

    /// <summary>Whether the identity page offers the ID document now.</summary>
    public static bool OffersDocument(ApplicantCaseView view) => Can(view, CaseAction.SubmitDocument);

    /// <summary>Whether the identity page offers the verification video now.</summary>
    public static bool OffersVideo(ApplicantCaseView view) => Can(view, CaseAction.SubmitVideo);

    /// <summary>Whether the applicant may still cancel.</summary>
    public static bool OffersCancel(ApplicantCaseView view) => Can(view, CaseAction.Cancel);

    private static (string Page, int Step) Landing(ApplicantCaseView view)
    {
        if (!Amending(view))
        {
            foreach (var (page, step, actions) in Pages)
            {
                if (Open(actions, view))
                {
                    return (page, step);
                }
            }
        }

        return (Status, 0);
    }

    private static bool Open(CaseAction[] actions, ApplicantCaseView view) => actions.Any(a => Can(view, a));

    private static bool Can(ApplicantCaseView view, CaseAction action) => view.AvailableActions.Contains(action);
}
