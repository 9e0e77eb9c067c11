using System.Security.Cryptography;
using System.Text;

namespace SecurityReset.AspNetCore.Tests.TestSupport;

/// <summary>
/// The host's upload store as the tests see it: an evidence id <c>{kind}-{name}</c> names a file of that kind
/// (<c>pdf</c>, <c>png</c>, <c>mp4</c>) of any case; anything else names nothing.
/// </summary>
public sealed class TestEvidence : ISecurityResetEvidenceResolver
{
    public ValueTask<EvidenceReference?> ResolveAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken)
    {
        var mediaType = evidenceId.Split('-')[0] switch
        {
            "pdf" => "application/pdf",
            "png" => "image/png",
            "mp4" => "video/mp4",
            _ => null,
        };
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(evidenceId)));
        return ValueTask.FromResult(mediaType is null ? null : new EvidenceReference(evidenceId, mediaType, 2048, sha));
    }
}
