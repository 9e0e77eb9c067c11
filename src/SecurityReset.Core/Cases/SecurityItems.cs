namespace SecurityReset;

/// <summary>The second factors an account can have bound. A set: combine with <c>|</c>.</summary>
[Flags]
#pragma warning disable CA1714 // Flags enums read naturally in the plural here.
public enum SecurityItems
#pragma warning restore CA1714
{
    /// <summary>No item.</summary>
    None = 0,

    /// <summary>Codes sent to the bound email address.</summary>
    Email = 1,

    /// <summary>Codes sent by SMS to the bound phone number.</summary>
    Phone = 2,

    /// <summary>The time-based codes of the bound authenticator app.</summary>
    Authenticator = 4,

    /// <summary>Every item.</summary>
    All = Email | Phone | Authenticator,
}
