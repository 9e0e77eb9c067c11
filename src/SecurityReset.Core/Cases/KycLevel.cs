namespace SecurityReset;

/// <summary>How far the account got through identity verification (KYC).</summary>
public enum KycLevel
{
    /// <summary>No KYC.</summary>
    None = 0,

    /// <summary>Basic KYC: a document was checked.</summary>
    Basic = 1,

    /// <summary>Advanced KYC: document and face; the face-scan shortcut is offered.</summary>
    Advanced = 2,
}
