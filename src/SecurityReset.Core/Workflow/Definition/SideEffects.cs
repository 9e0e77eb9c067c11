namespace SecurityReset.Workflow.Definition;

/// <summary>The side effects a transition asks the service for once its decision is saved (besides a code to send).</summary>
[Flags]
internal enum SideEffects
{
    /// <summary>Nothing beyond saving.</summary>
    None = 0,

    /// <summary>Tell the account's bound channels that the case was submitted.</summary>
    NotifySubmitted = 1,

    /// <summary>Tell the account's bound channels that the case was rejected.</summary>
    NotifyRejected = 2,

    /// <summary>Tell the account's bound channels that the reviewer asked for more information.</summary>
    NotifyInformationRequested = 4,

    /// <summary>Apply the approved reset through the account directory.</summary>
    ApplyReset = 8,

    /// <summary>Tell the channels bound before the reset that it was applied.</summary>
    NotifyResetCompleted = 16,

    /// <summary>Tell the account's bound channels that the case expired unreviewed, past its review deadline.</summary>
    NotifyReviewExpired = 32,

    /// <summary>Tell the account's bound channels that the case was superseded by the owner's own case.</summary>
    NotifySuperseded = 64,

    /// <summary>Tell the account's bound channels that a case was opened for it (once per case), with a "this wasn't me" token each.</summary>
    NotifyOpened = 128,

    /// <summary>Tell the account's bound channels that the case was approved, with a "this wasn't me" token each, before the reset applies.</summary>
    NotifyApproved = 256,
}
