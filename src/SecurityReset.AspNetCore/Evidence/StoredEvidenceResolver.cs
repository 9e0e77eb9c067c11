using Microsoft.Extensions.DependencyInjection;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore.Evidence;

/// <summary>Resolves evidence ids through the registered <see cref="IEvidenceStore"/>, within the case that uploaded them; nothing without a store.</summary>
internal sealed class StoredEvidenceResolver(IServiceProvider services) : ISecurityResetEvidenceResolver
{
    public async ValueTask<EvidenceReference?> ResolveAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken) =>
        services.GetService<IEvidenceStore>() is { } store && StoredEvidence.IsValidId(evidenceId)
            ? (await store.GetAsync(caseId, evidenceId, cancellationToken).ConfigureAwait(false))?.ToReference()
            : null;
}
