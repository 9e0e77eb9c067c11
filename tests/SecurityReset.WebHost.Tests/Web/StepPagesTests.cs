using SecurityReset.WebHost.Pages;

namespace SecurityReset.WebHost.Tests.Web;

/// <summary>The page a case goes to follows the actions it reports, whatever its state says.</summary>
public sealed class StepPagesTests
{
    // The state is left at SelectingItems on purpose: only the available actions may decide.
    private static readonly ApplicantCaseView Base = new(
        default, 1, CaseState.SelectingItems, Channel.Web, EntryPoint.LoggedIn, SecurityItems.All, "j***@e***.com", "***01",
        SecurityItems.None, SecurityItems.None, SecurityItems.None, false, RequiredSteps.None, false, false, null, false, false, false,
        null, AmendableItems.None, null, new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero), null, false, [], []);

    public static TheoryData<CaseAction[], string, int> Landings => new()
    {
        { [CaseAction.SelectItems, CaseAction.Cancel], "/Reset/Items", 1 },
        { [CaseAction.RequestCode, CaseAction.VerifyCode, CaseAction.Cancel], "/Reset/Verify", 2 },
        { [CaseAction.VerifyAuthenticator, CaseAction.RecordFaceScan, CaseAction.Cancel], "/Reset/Verify", 2 },
        { [CaseAction.AnswerQuestionnaire, CaseAction.Cancel], "/Reset/Questionnaire", 3 },
        { [CaseAction.ProvideProofs, CaseAction.Cancel], "/Reset/Proofs", 4 },
        { [CaseAction.SetNewContact, CaseAction.RequestCode, CaseAction.VerifyCode, CaseAction.SubmitDocument, CaseAction.SubmitVideo, CaseAction.AcceptTerms, CaseAction.Submit, CaseAction.Cancel], "/Reset/Identity", 5 },
        { [CaseAction.Submit, CaseAction.Cancel], "/Reset/Submit", 6 },
        { [CaseAction.Cancel], "/Reset/Status", 0 },
        { [], "/Reset/Status", 0 },
    };

    [Theory]
    [MemberData(nameof(Landings))]
    public void A_case_goes_to_the_first_page_with_one_of_its_actions_open(CaseAction[] available, string page, int step)
    {
        var view = Base with { AvailableActions = available };

        Assert.Equal(page, StepPages.For(view));
        Assert.Equal(step, StepPages.Number(view));
        Assert.True(StepPages.Shows(page, view));
    }

    [Fact]
    public void The_verify_page_does_not_show_a_case_whose_identity_step_is_open_although_codes_are()
    {
        var view = Base with { AvailableActions = [CaseAction.SetNewContact, CaseAction.RequestCode, CaseAction.VerifyCode, CaseAction.Cancel] };

        Assert.False(StepPages.Shows("/Reset/Verify", view));
        Assert.False(StepPages.Shows("/Reset/Submit", view));
    }

    [Fact]
    public void While_amending_the_status_page_is_the_hub_and_only_pages_with_an_open_action_show_the_case()
    {
        var view = Base with
        {
            RequestedAmendments = AmendableItems.VerificationVideo,
            AvailableActions = [CaseAction.SubmitVideo, CaseAction.Cancel],
        };

        Assert.Equal("/Reset/Status", StepPages.For(view));
        Assert.True(StepPages.Shows("/Reset/Identity", view));
        Assert.False(StepPages.Shows("/Reset/Questionnaire", view));
        Assert.True(StepPages.OffersVideo(view));
        Assert.False(StepPages.OffersDocument(view));
    }
}
