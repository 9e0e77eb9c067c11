using SecurityReset.Workflow.Commands;
using SecurityReset.Workflow.Definition;

namespace SecurityReset.Workflow.Steps;

/// <summary>
/// The rules and effects of six-digit codes sent to a destination, shared by the verification of bound items
/// (step 2) and of the new contact (step 5): lifetime, wrong attempts, resend cooldown, sends per destination,
/// single use, keyed hashes compared in constant time.
/// </summary>
internal static class Codes
{
    public static Guard AttemptsLeft { get; } = Guard.OnInput(
        "wrong attempts left for the destination", ErrorCodes.CodeAttemptsExhausted, "Too many wrong codes for this destination.",
        c => c.Challenge(c.Target) is not { } challenge || challenge.FailedAttempts < c.Options.Codes.MaxFailedAttemptsPerDestination);

    public static Guard SendsLeft { get; } = Guard.OnInput(
        "codes left for the destination", ErrorCodes.CodeSendLimitReached, "This destination received the most codes allowed for a case.",
        c => c.Challenge(c.Target) is not { } challenge || challenge.CodesIssued < c.Options.Codes.MaxPerDestination);

    public static Guard CooldownPassed { get; } = Guard.OnInput(
        "resend cooldown passed", ErrorCodes.CodeResendTooSoon, "Wait before asking for another code.",
        c => c.Challenge(c.Target) is not { } challenge || c.Now - challenge.IssuedAt >= c.Options.Codes.ResendCooldown);

    public static Guard WellFormed { get; } = Guard.OnInput(
        "code has the configured digits", ErrorCodes.CodeMalformed, c => $"A code is {c.Options.Codes.Length} digits.",
        c => CodeFormat.IsDigits(c.Input<VerifyCode>().Code, c.Options.Codes.Length));

    public static Guard Requested { get; } = Guard.OnInput(
        "a live code was sent", ErrorCodes.CodeNotRequested, "Request a code first.",
        c => c.Challenge(c.Target)?.CodeHash is not null);

    public static Guard NotExpired { get; } = Guard.OnInput(
        "code within its lifetime", ErrorCodes.CodeExpired, "The code expired; request a new one.",
        c => c.Challenge(c.Target) is not { CodeHash: not null } challenge || c.Now < challenge.ExpiresAt);

    public static Guard LiveCodeToRelease { get; } = Guard.OnInput(
        "the undelivered code is the live one", ErrorCodes.CodeNotRequested, "No live code to release.",
        c => c.Challenge(c.Target)?.CodeHash is { } hash && c.Hasher.Matches(c.Case.Id, c.Target, c.Input<ReleaseUndeliveredCode>().Code, hash));

    /// <summary>Issues a fresh code: only its keyed hash is kept; the code itself leaves with the decision to be sent.</summary>
    public static Decision Issue(CommandContext c)
    {
        var target = c.Input<RequestCode>().Target;
        var challenge = c.Challenge(target);
        var code = c.Generator.Generate(c.Options.Codes.Length);
        var expiresAt = c.Now + c.Options.Codes.Lifetime;
        var next = new CodeChallenge(
            target,
            c.Hasher.Hash(c.Case.Id, target, code),
            c.Now,
            expiresAt,
            (challenge?.CodesIssued ?? 0) + 1,
            challenge?.FailedAttempts ?? 0,
            Verified: false);
        var issued = c.Stay(CaseEventTypes.CodeIssued, target.ToString(), CommandContext.WithChallenge(c.Case, next));
        return issued.WithCode(new IssuedCode(target, code, expiresAt));
    }

    /// <summary>Undoes a send that never reached the applicant: the cooldown and the send limit count only delivered codes.</summary>
    public static Decision Release(CommandContext c)
    {
        var target = c.Input<ReleaseUndeliveredCode>().Target;
        var challenge = c.Challenge(target)!;
        var released = challenge with
        {
            CodeHash = null,
            CodesIssued = challenge.CodesIssued - 1,
            IssuedAt = challenge.IssuedAt - c.Options.Codes.ResendCooldown,
        };
        return c.Stay(CaseEventTypes.CodeReleased, target.ToString(), CommandContext.WithChallenge(c.Case, released));
    }

    /// <summary>
    /// Compares a typed code with the live one in constant time. A wrong code counts (and burns the code at the
    /// limit); a right one is spent at once. <paramref name="verified"/> says what a match proves.
    /// </summary>
    public static Decision Check(CommandContext c, Func<ResetCase, Decision> verified)
    {
        var (target, code) = c.Input<VerifyCode>();
        var challenge = c.Challenge(target)!;
        if (!c.Hasher.Matches(c.Case.Id, target, code, challenge.CodeHash!))
        {
            var failures = challenge.FailedAttempts + 1;
            var burnt = failures >= c.Options.Codes.MaxFailedAttemptsPerDestination;
            var failed = CommandContext.WithChallenge(c.Case, challenge with { FailedAttempts = failures, CodeHash = burnt ? null : challenge.CodeHash });
            return c.Fail(failed, CaseEventTypes.CodeFailed, target.ToString(), ErrorCodes.CodeInvalid, "The code is wrong.");
        }

        return verified(CommandContext.WithChallenge(c.Case, challenge with { CodeHash = null, Verified = true }));
    }
}
