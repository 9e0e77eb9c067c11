using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.Evidence;
using SecurityReset.Ports;

namespace SecurityReset.AspNetCore;

/// <summary>
/// Checks and stores the applicant's uploads for a case: the kind's size limit (from the declared length before any
/// byte is read, and again while reading), the case's quota of files and bytes, the media type read from the
/// container's structure (never the client's claim) against the kind's allowed types, and the SHA-256 computed here.
/// A refused upload stores nothing. The package's upload endpoint uses it; a host's own pages may too. Needs an
/// <see cref="IEvidenceStore"/> registered. Thread-safe.
/// </summary>
public sealed class SecurityResetEvidenceUploads : IDisposable
{
    // Uploads to one case take turns between the quota check and the store, so two at once cannot both fit the last slot.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly IServiceProvider _services;
    private readonly IOptions<SecurityResetOptions> _library;
    private readonly IOptions<SecurityResetApiOptions> _api;
    private readonly TimeProvider _time;

    /// <summary>Creates the service; the store is looked up on first use.</summary>
    /// <param name="services">Where the <see cref="IEvidenceStore"/> is registered.</param>
    /// <param name="library">The library's options (the evidence limits and media types).</param>
    /// <param name="api">The endpoints' options (the per-case quota).</param>
    /// <param name="time">The clock.</param>
    public SecurityResetEvidenceUploads(IServiceProvider services, IOptions<SecurityResetOptions> library, IOptions<SecurityResetApiOptions> api, TimeProvider time)
    {
        _services = services;
        _library = library;
        _api = api;
        _time = time;
    }

    /// <summary>The largest file of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its limit in bytes.</returns>
    public long MaxBytes(SecurityResetEvidenceKind kind) =>
        kind == SecurityResetEvidenceKind.Video ? _library.Value.Evidence.MaxVideoBytes : _library.Value.Evidence.MaxFileBytes;

    /// <summary>Checks an upload and stores it for the case.</summary>
    /// <param name="caseId">The case that uploads it; only that case will find it.</param>
    /// <param name="kind">Which limits apply.</param>
    /// <param name="content">The bytes as they arrive; read once, to the end or the limit.</param>
    /// <param name="declaredLength">The length the client declared (Content-Length), when known: refused before reading when past the limit.</param>
    /// <param name="cancellationToken">Cancels the upload; nothing is stored then.</param>
    /// <returns>The stored file, or the refusal.</returns>
    public async Task<SecurityResetUploadResult> UploadAsync(CaseId caseId, SecurityResetEvidenceKind kind, Stream content, long? declaredLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var store = _services.GetService<IEvidenceStore>() ?? throw new InvalidOperationException("Register an IEvidenceStore to take uploads.");
        var max = MaxBytes(kind);
        if (declaredLength > max)
        {
            return TooLarge(max);
        }

        if (await QuotaRefusalAsync(store, caseId, declaredLength ?? 0, cancellationToken).ConfigureAwait(false) is { } early)
        {
            return early;
        }

        // The bytes go to a temporary file first: the checks need the whole file, and the store gets only a checked one.
        var path = Path.Combine(Path.GetTempPath(), $"securityreset-upload-{Guid.NewGuid():N}.tmp");
        var buffer = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using var disposing = buffer.ConfigureAwait(false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            size += read;
            if (size > max)
            {
                return TooLarge(max);
            }

            hash.AppendData(chunk, 0, read);
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        if (size == 0)
        {
            return SecurityResetUploadResult.Refused(ErrorCodes.EvidenceInvalid, "The file is empty.");
        }

        await buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var found = ContainerCheck.Inspect(buffer);
        if (found.MediaType is not { } mediaType)
        {
            return found.Recognised
                ? SecurityResetUploadResult.Refused(ErrorCodes.EvidenceInvalid, "The file's structure does not hold for the type its first bytes claim.")
                : SecurityResetUploadResult.Refused(ErrorCodes.EvidenceMediaTypeNotAllowed, "The file is none of the types accepted (PDF, JPEG, PNG, MP4, QuickTime).");
        }

        var allowed = kind == SecurityResetEvidenceKind.Video ? _library.Value.Evidence.AllowedVideoMediaTypes : _library.Value.Evidence.AllowedFileMediaTypes;
        if (!allowed.Contains(mediaType))
        {
            return SecurityResetUploadResult.Refused(ErrorCodes.EvidenceMediaTypeNotAllowed, $"A {mediaType} file is not accepted as this kind of evidence.");
        }

        var evidence = new StoredEvidence(caseId, "ev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), mediaType, size,
            Convert.ToHexStringLower(hash.GetHashAndReset()), _time.GetUtcNow());
        var stripe = _stripes[(int)((uint)caseId.GetHashCode() % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await QuotaRefusalAsync(store, caseId, size, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                return refusal;
            }

            buffer.Position = 0;
            return await store.PutAsync(evidence, buffer, cancellationToken).ConfigureAwait(false)
                ? new SecurityResetUploadResult(evidence, null, null)
                : throw new InvalidOperationException("The store already holds a fresh random evidence id.");
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<SecurityResetUploadResult?> QuotaRefusalAsync(IEvidenceStore store, CaseId caseId, long incoming, CancellationToken cancellationToken)
    {
        var api = _api.Value;
        var held = await store.ListAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (held.Count >= api.MaxEvidenceFilesPerCase)
        {
            return SecurityResetUploadResult.Refused(SecurityResetUploadResult.QuotaExceededCode, $"The case holds {held.Count} files, the most it may.");
        }

        return held.Sum(e => e.SizeBytes) + incoming > api.MaxEvidenceBytesPerCase
            ? SecurityResetUploadResult.Refused(SecurityResetUploadResult.QuotaExceededCode, "This file would take the case past the bytes it may hold.")
            : null;
    }

    /// <summary>Releases the per-case turn-taking locks.</summary>
    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private static SecurityResetUploadResult TooLarge(long max) =>
        SecurityResetUploadResult.Refused(ErrorCodes.EvidenceTooLarge, $"The file is larger than the {max} bytes this kind of evidence may take.");
}
