namespace SecurityReset;

/// <summary>Where the applicant opened the case. Recorded on the case; it changes no rule.</summary>
public enum Channel
{
    /// <summary>The web site.</summary>
    Web = 0,

    /// <summary>The mobile app.</summary>
    App = 1,
}
