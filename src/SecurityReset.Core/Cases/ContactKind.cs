namespace SecurityReset;

/// <summary>The kind of a contact address.</summary>
public enum ContactKind
{
    /// <summary>An email address.</summary>
    Email = 0,

    /// <summary>A phone number in E.164 form.</summary>
    Phone = 1,
}
