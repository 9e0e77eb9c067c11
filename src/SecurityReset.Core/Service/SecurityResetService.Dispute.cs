using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SecurityReset.Workflow.Commands;

namespace SecurityReset;

/// <summary>
/// The owner's voice: each notice to a channel bound before the case carries a single-use "this wasn't me" token,
/// <c>{case id}.{secret}</c> (the secret is 256 random bits, base64url). The case keeps only the keyed hash of the
/// whole token, so the id in clear finds the case and the secret proves the notice.
/// </summary>
public sealed partial class SecurityResetService
{
    private const int DisputeSecretBytes = 32;
    private const int MaxDisputeTokenLength = 128;

    /// <summary>
    /// Says "this wasn't me" with the token of a notice: the case is flagged for the reviewer and the dispute recorded
    /// in its audit trail. An approved case whose reset has not applied yet goes back to the review queue
    /// (<see cref="CaseState.Disputed"/>) and its reset is held; a case still being filled in or waiting for review is
    /// only flagged (a dispute alone cancels nothing: the disputer may hold one stolen channel). Each token works once,
    /// and only while its case is open or approved.
    /// </summary>
    /// <param name="token">The token the notice carried.</param>
    /// <param name="reason">What the disputer says, 1–200 characters: shown to the reviewer as written.</param>
    /// <param name="idempotencyKey">An optional idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The receipt; <c>dispute.token_invalid</c> for a token that is unknown, forged, used, of another case or of a
    /// case that has ended (one answer for all); <c>request.invalid</c> for a missing or malformed reason.
    /// </returns>
    public async Task<ResetResult<DisputeReceipt>> DisputeAsync(string token, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (!Text.IsCleanNonBlank(reason, Text.ShortMax))
        {
            return new(new ResetError(ErrorCodes.RequestInvalid, "Say in 1–200 characters what was not you."), null);
        }

        if (!TryReadDisputeToken(token, out var caseId, out var hash))
        {
            return DisputeRefused();
        }

        var answer = await IdempotentAsync(
            new IdempotencyScope("dispute", caseId, hash),
            idempotencyKey,
            () => HashOf("dispute", reason),
            (ticket, ct) => RunAsync<DisputeReceipt>(caseId, null, _ => Actor.System, (c, _) => ValueTask.FromResult(new Prepared(new Dispute(KeptHashOf(c, token!, hash), reason))), (c, error, _, _) =>
                ValueTask.FromResult(error is null ? new ResetResult<DisputeReceipt>(null, new DisputeReceipt(_time.GetUtcNow(), c.State == CaseState.Disputed)) : DisputeRefused()), ticket, null, ct),
            cancellationToken).ConfigureAwait(false);
        return answer.Error?.Code is null or ErrorCodes.CaseBusy or ErrorCodes.RequestInProgress or ErrorCodes.IdempotencyKeyReused or ErrorCodes.RequestInvalid
            ? answer
            : DisputeRefused();
    }

    private static ResetResult<DisputeReceipt> DisputeRefused() =>
        new(new ResetError(ErrorCodes.DisputeTokenInvalid, "This link is not valid (any more)."), null);

    /// <summary>A fresh token for a notice of the case, and the hash the case keeps of it.</summary>
    private (string Token, string Hash) IssueDisputeToken(CaseId caseId)
    {
        var token = $"{caseId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(DisputeSecretBytes))}";
        return (token, DisputeHash(token));
    }

    private string DisputeHash(string token) => Convert.ToBase64String(HMACSHA256.HashData(_keys.DisputeKey, Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The hash of a token as the case keeps it: under the current secret, or under a previous one for a notice sent
    /// before the key rotated (the current one's when none matches, which the workflow then refuses).
    /// </summary>
    private string KeptHashOf(ResetCase c, string token, string current)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        foreach (var generation in _keys.All)
        {
            var hash = Convert.ToBase64String(HMACSHA256.HashData(generation.DisputeKey, bytes));
            if (!c.DisputeTokens.IsDefault && c.DisputeTokens.Any(t => t.Hash == hash))
            {
                return hash;
            }
        }

        return current;
    }

    /// <summary>The case a token names and the hash to look for in it; false for anything not shaped like a token.</summary>
    private bool TryReadDisputeToken(string? token, out CaseId caseId, out string hash)
    {
        caseId = default;
        hash = string.Empty;
        if (token is null || token.Length > MaxDisputeTokenLength)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot != 32 || !Guid.TryParseExact(token.AsSpan(0, dot), "N", out var id) || !Base64Url.IsValid(token.AsSpan(dot + 1), out var length) || length != DisputeSecretBytes)
        {
            return false;
        }

        caseId = new CaseId(id);
        hash = DisputeHash(token);
        return true;
    }
}
