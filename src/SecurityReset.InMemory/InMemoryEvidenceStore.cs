using System.Collections.Concurrent;
using SecurityReset.Ports;

namespace SecurityReset.InMemory;

/// <summary>
/// Keeps uploaded files in process memory, by case and evidence id (lost on restart; tests and samples only). A file is
/// found only through the case that stored it. Thread-safe.
/// </summary>
public sealed class InMemoryEvidenceStore : IEvidenceStore
{
    private readonly ConcurrentDictionary<CaseId, ConcurrentDictionary<string, Entry>> _cases = new();

    /// <inheritdoc />
    public async Task<bool> PutAsync(StoredEvidence evidence, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(content);
        if (!StoredEvidence.IsValidId(evidence.EvidenceId))
        {
            throw new ArgumentException("The evidence id is not well formed.", nameof(evidence));
        }

        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        var files = _cases.GetOrAdd(evidence.CaseId, _ => new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal));
        return files.TryAdd(evidence.EvidenceId, new Entry(evidence, copy.ToArray()));
    }

    /// <inheritdoc />
    public Task<StoredEvidence?> GetAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(caseId, evidenceId)?.Evidence);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(Find(caseId, evidenceId) is { } entry ? new MemoryStream(entry.Content, writable: false) : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvidence>> ListAsync(CaseId caseId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredEvidence>>(_cases.TryGetValue(caseId, out var files)
            ? [.. files.Values.Select(e => e.Evidence).OrderBy(e => e.StoredAt).ThenBy(e => e.EvidenceId, StringComparer.Ordinal)]
            : []);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken) =>
        Task.FromResult(evidenceId is not null && _cases.TryGetValue(caseId, out var files) && files.TryRemove(evidenceId, out _));

    /// <inheritdoc />
    public Task<int> DeleteCaseAsync(CaseId caseId, CancellationToken cancellationToken) =>
        Task.FromResult(_cases.TryRemove(caseId, out var files) ? files.Count : 0);

    private Entry? Find(CaseId caseId, string evidenceId) =>
        evidenceId is not null && _cases.TryGetValue(caseId, out var files) && files.TryGetValue(evidenceId, out var entry) ? entry : null;

    private sealed record Entry(StoredEvidence Evidence, byte[] Content);
}
