namespace SecurityReset.Ports;

/// <summary>The outcome of a store write.</summary>
public enum StoreWriteResult
{
    /// <summary>The write happened.</summary>
    Written = 0,

    /// <summary>The stored version was not the expected one; nothing was written.</summary>
    VersionConflict = 1,

    /// <summary>The account already has an open case; nothing was written.</summary>
    AccountHasOpenCase = 2,
}
