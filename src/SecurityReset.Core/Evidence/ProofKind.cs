namespace SecurityReset;

/// <summary>The kinds of supplementary proof material.</summary>
public enum ProofKind
{
    /// <summary>Proof of the source of funds. Required.</summary>
    SourceOfFunds = 0,

    /// <summary>Proof of the destination of funds. Required.</summary>
    DestinationOfFunds = 1,

    /// <summary>Notification records. Required.</summary>
    NotificationRecords = 2,

    /// <summary>Fiat transaction records. Required.</summary>
    FiatTransactionRecords = 3,

    /// <summary>Other supplementary evidence. Optional.</summary>
    Other = 4,
}
