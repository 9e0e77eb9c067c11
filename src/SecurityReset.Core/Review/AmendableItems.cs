namespace SecurityReset;

/// <summary>What a reviewer can ask the applicant to amend. A set: combine with <c>|</c>.</summary>
[Flags]
#pragma warning disable CA1714 // Flags enums read naturally in the plural here.
public enum AmendableItems
#pragma warning restore CA1714
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The questionnaire answers.</summary>
    Questionnaire = 1,

    /// <summary>The supplementary proofs.</summary>
    SupplementaryProofs = 2,

    /// <summary>The ID document.</summary>
    IdentityDocument = 4,

    /// <summary>The verification video.</summary>
    VerificationVideo = 8,
}
