namespace SecurityReset;

/// <summary>The optional steps a case can be required to complete after verification. A set.</summary>
[Flags]
#pragma warning disable CA1714 // Flags enums read naturally in the plural here.
public enum RequiredSteps
#pragma warning restore CA1714
{
    /// <summary>No further step.</summary>
    None = 0,

    /// <summary>The account information questionnaire.</summary>
    Questionnaire = 1,

    /// <summary>Supplementary proof materials.</summary>
    SupplementaryProofs = 2,

    /// <summary>New contact, ID document, verification video and terms.</summary>
    IdentityVerification = 4,

    /// <summary>All three.</summary>
    All = Questionnaire | SupplementaryProofs | IdentityVerification,
}
