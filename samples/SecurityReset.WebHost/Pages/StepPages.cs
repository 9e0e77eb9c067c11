using SecurityReset.Cases;

namespace SecurityReset.WebHost.Pages;

/// <summary>Which page shows a case in each state.</summary>
internal static class StepPages
{
    public const string Start = "/Index";

    public static string For(CaseState state) => state switch
    {
        CaseState.SelectingItems => "/Reset/Items",
        CaseState.VerifyingItems => "/Reset/Verify",
        CaseState.Questionnaire => "/Reset/Questionnaire",
        CaseState.SupplementaryProofs => "/Reset/Proofs",
        CaseState.IdentityVerification => "/Reset/Identity",
        CaseState.ReadyToSubmit => "/Reset/Submit",
        _ => "/Reset/Status",
    };

    /// <summary>The step number shown in the progress bar (1-based), or 0 after submission.</summary>
    public static int Number(CaseState state) => state switch
    {
        CaseState.SelectingItems => 1,
        CaseState.VerifyingItems => 2,
        CaseState.Questionnaire => 3,
        CaseState.SupplementaryProofs => 4,
        CaseState.IdentityVerification => 5,
        CaseState.ReadyToSubmit => 6,
        _ => 0,
    };
}
