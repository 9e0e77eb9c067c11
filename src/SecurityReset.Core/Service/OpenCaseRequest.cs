
namespace SecurityReset;

/// <summary>How an applicant opens a case: signed in (the host knows the account) or signed out (an identifier was typed). Immutable.</summary>
public sealed record OpenCaseRequest
{
    private OpenCaseRequest(string? accountId, string? identifier, Channel channel, EntryPoint entryPoint)
    {
        AccountId = accountId;
        Identifier = identifier;
        Channel = channel;
        EntryPoint = entryPoint;
    }

    /// <summary>The signed-in account, or <see langword="null"/>.</summary>
    public string? AccountId { get; }

    /// <summary>The email or phone typed by a signed-out applicant, or <see langword="null"/>.</summary>
    public string? Identifier { get; }

    /// <summary>
    /// Who is calling, as the host knows them before any account: its session or device id. An idempotency key of an
    /// open is kept within this scope, so a retry from the same caller gets the same case (and its credential) while
    /// the same key from anyone else is a new request and tells them nothing. Required with an idempotency key for a
    /// signed-out open; a signed-in open defaults to the account. Set it with <c>with { CallerScope = … }</c>.
    /// </summary>
    public string? CallerScope { get; init; }

    /// <summary>Web or app.</summary>
    public Channel Channel { get; }

    /// <summary>How the applicant came in.</summary>
    public EntryPoint EntryPoint { get; }

    /// <summary>A signed-in applicant (Security → Change → Reset Security Verification).</summary>
    /// <param name="accountId">The account the host signed in.</param>
    /// <param name="channel">Web or app.</param>
    /// <returns>The request.</returns>
    public static OpenCaseRequest SignedIn(string accountId, Channel channel) => new(accountId, null, channel, EntryPoint.LoggedIn);

    /// <summary>A signed-out applicant who typed an email address or phone number.</summary>
    /// <param name="identifier">What was typed.</param>
    /// <param name="channel">Web or app.</param>
    /// <param name="entryPoint"><see cref="EntryPoint.LoggedOutAfterPassword"/> or <see cref="EntryPoint.ForgotPassword"/>.</param>
    /// <returns>The request.</returns>
    public static OpenCaseRequest SignedOut(string identifier, Channel channel, EntryPoint entryPoint) => new(null, identifier, channel, entryPoint);

    /// <summary>Never shows the identifier.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"OpenCaseRequest {{ Channel = {Channel}, EntryPoint = {EntryPoint} }}";
}
