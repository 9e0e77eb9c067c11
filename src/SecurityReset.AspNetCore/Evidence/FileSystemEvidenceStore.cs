using System.Text.Json;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore;

/// <summary>
/// Keeps uploaded files in a local folder: one folder per case (named by the case id), and in it each file's bytes
/// (<c>{evidenceId}.bin</c>) beside a small JSON record (<c>{evidenceId}.json</c>). A file is written under a temporary
/// name and moved into place once complete, so a reader never sees half a file. On Unix the folders are readable by
/// the process's user only. Point it at storage of its own (a mounted volume) and encrypt that volume at rest; for
/// several instances use a shared blob store behind <see cref="IEvidenceStore"/> instead. Thread-safe.
/// </summary>
public sealed class FileSystemEvidenceStore : IEvidenceStore
{
    private const string ContentSuffix = ".bin";
    private const string RecordSuffix = ".json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Uses a folder, creating it when missing.</summary>
    /// <param name="root">The folder; a relative path is taken from the current directory.</param>
    public FileSystemEvidenceStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        CreateFolder(Root);
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public async Task<bool> PutAsync(StoredEvidence evidence, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(content);
        if (!StoredEvidence.IsValidId(evidence.EvidenceId))
        {
            throw new ArgumentException("The evidence id is not well formed.", nameof(evidence));
        }

        var folder = CaseFolder(evidence.CaseId);
        CreateFolder(folder);
        var record = Path.Combine(folder, evidence.EvidenceId + RecordSuffix);
        var final = Path.Combine(folder, evidence.EvidenceId + ContentSuffix);
        var temporary = Path.Combine(folder, $".{evidence.EvidenceId}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The record is created first and exclusively: it claims the id, so a second put of it fails.
            var output = new FileStream(record, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(output, Record.Of(evidence), Json, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException) when (File.Exists(record))
        {
            return false;
        }

        try
        {
            var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, final);
            return true;
        }
        catch
        {
            File.Delete(record);
            throw;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public async Task<StoredEvidence?> GetAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken)
    {
        if (!StoredEvidence.IsValidId(evidenceId))
        {
            return null;
        }

        var folder = CaseFolder(caseId);
        return File.Exists(Path.Combine(folder, evidenceId + ContentSuffix))
            ? await ReadRecordAsync(caseId, Path.Combine(folder, evidenceId + RecordSuffix), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken)
    {
        if (await GetAsync(caseId, evidenceId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        try
        {
            return new FileStream(Path.Combine(CaseFolder(caseId), evidenceId + ContentSuffix), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted meanwhile
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvidence>> ListAsync(CaseId caseId, CancellationToken cancellationToken)
    {
        var folder = CaseFolder(caseId);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var found = new List<StoredEvidence>();
        foreach (var record in Directory.EnumerateFiles(folder, "*" + RecordSuffix))
        {
            var id = Path.GetFileNameWithoutExtension(record);
            if (File.Exists(Path.Combine(folder, id + ContentSuffix)) && await ReadRecordAsync(caseId, record, cancellationToken).ConfigureAwait(false) is { } evidence)
            {
                found.Add(evidence);
            }
        }

        return [.. found.OrderBy(e => e.StoredAt).ThenBy(e => e.EvidenceId, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(CaseId caseId, string evidenceId, CancellationToken cancellationToken)
    {
        if (!StoredEvidence.IsValidId(evidenceId))
        {
            return Task.FromResult(false);
        }

        var folder = CaseFolder(caseId);
        var content = Path.Combine(folder, evidenceId + ContentSuffix);
        var existed = File.Exists(content);
        File.Delete(content);
        File.Delete(Path.Combine(folder, evidenceId + RecordSuffix));
        return Task.FromResult(existed);
    }

    /// <inheritdoc />
    public Task<int> DeleteCaseAsync(CaseId caseId, CancellationToken cancellationToken)
    {
        var folder = CaseFolder(caseId);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(0);
        }

        var count = Directory.EnumerateFiles(folder, "*" + ContentSuffix).Count();
        Directory.Delete(folder, recursive: true);
        return Task.FromResult(count);
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static async Task<StoredEvidence?> ReadRecordAsync(CaseId caseId, string path, CancellationToken cancellationToken)
    {
        try
        {
            var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true);
            await using var disposing = input.ConfigureAwait(false);
            var record = await JsonSerializer.DeserializeAsync<Record>(input, Json, cancellationToken).ConfigureAwait(false);
            return record?.ToEvidence(caseId, Path.GetFileNameWithoutExtension(path));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    private string CaseFolder(CaseId caseId) => Path.Combine(Root, caseId.Value.ToString("N"));

    /// <summary>The JSON beside a file; the case and the id are the path's.</summary>
    private sealed record Record(string MediaType, long SizeBytes, string Sha256, DateTimeOffset StoredAt)
    {
        public static Record Of(StoredEvidence evidence) => new(evidence.MediaType, evidence.SizeBytes, evidence.Sha256, evidence.StoredAt);

        public StoredEvidence ToEvidence(CaseId caseId, string evidenceId) => new(caseId, evidenceId, MediaType, SizeBytes, Sha256, StoredAt);
    }
}
