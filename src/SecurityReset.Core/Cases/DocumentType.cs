namespace SecurityReset;

/// <summary>The type of an identity document.</summary>
public enum DocumentType
{
    /// <summary>A passport.</summary>
    Passport = 0,

    /// <summary>A national identity card.</summary>
    NationalId = 1,

    /// <summary>A driving licence.</summary>
    DrivingLicence = 2,

    /// <summary>A residence permit.</summary>
    ResidencePermit = 3,
}
