namespace SecurityReset.Ports;

/// <summary>The outcome of <see cref="IResetCaseStore.CommitAsync"/>. Anything but <see cref="Written"/> wrote nothing.</summary>
public enum StoreWriteResult
{
    /// <summary>The commit happened.</summary>
    Written = 0,

    /// <summary>The case or the account guard was not at the expected version (or the new case's id exists).</summary>
    VersionConflict = 1,

    /// <summary>The account already has an open case.</summary>
    AccountHasOpenCase = 2,

    /// <summary>A request with the same idempotency key was committed first.</summary>
    IdempotencyKeyTaken = 3,
}
