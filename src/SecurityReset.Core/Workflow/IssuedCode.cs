
namespace SecurityReset.Workflow;

/// <summary>
/// A code the workflow just drew, to be sent by the service and then forgotten: it is never stored or logged.
/// <see cref="ToString"/> hides it.
/// </summary>
/// <param name="Target">Where to send it.</param>
/// <param name="Code">The code in clear.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
internal sealed record IssuedCode(VerificationTarget Target, string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Never shows the code.</summary>
    /// <returns>The target and expiry.</returns>
    public override string ToString() => $"IssuedCode {{ Target = {Target}, ExpiresAt = {ExpiresAt:O} }}";
}
