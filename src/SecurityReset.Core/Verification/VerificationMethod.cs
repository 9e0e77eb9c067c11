namespace SecurityReset;

/// <summary>How the applicant proved control of the account before the later steps.</summary>
public enum VerificationMethod
{
    /// <summary>Not decided yet.</summary>
    None = 0,

    /// <summary>Codes for every remaining item.</summary>
    Codes = 1,

    /// <summary>The Advanced KYC face-scan shortcut.</summary>
    FaceScan = 2,

    /// <summary>Every bound item is being reset: nothing remained to verify.</summary>
    NothingRemained = 3,
}
