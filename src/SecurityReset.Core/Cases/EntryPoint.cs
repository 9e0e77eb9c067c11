namespace SecurityReset;

/// <summary>How the applicant reached the reset. Recorded on the case; it changes no rule.</summary>
public enum EntryPoint
{
    /// <summary>Security → Change → Reset Security Verification, while signed in.</summary>
    LoggedIn = 0,

    /// <summary>Login page → security verification page → reset link, after the password was accepted.</summary>
    LoggedOutAfterPassword = 1,

    /// <summary>Login → Forgot Password → email or phone → reset link. Forgot Password is offered once the reset completes.</summary>
    ForgotPassword = 2,
}
