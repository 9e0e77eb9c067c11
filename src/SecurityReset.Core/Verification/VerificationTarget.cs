namespace SecurityReset;

/// <summary>Where a verification code is sent.</summary>
public enum VerificationTarget
{
    /// <summary>The email address bound to the account.</summary>
    BoundEmail = 0,

    /// <summary>The phone number bound to the account.</summary>
    BoundPhone = 1,

    /// <summary>The new contact the applicant gave during identity verification.</summary>
    NewContact = 2,
}
