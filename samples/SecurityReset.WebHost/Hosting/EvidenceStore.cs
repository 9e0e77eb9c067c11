using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SecurityReset.WebHost.Hosting;

/// <summary>Which limits a file is held to.</summary>
public enum EvidenceCategory
{
    /// <summary>Proofs and ID documents: <see cref="EvidenceOptions.AllowedFileMediaTypes"/>, <see cref="EvidenceOptions.MaxFileBytes"/>.</summary>
    File = 0,

    /// <summary>The verification video: <see cref="EvidenceOptions.AllowedVideoMediaTypes"/>, <see cref="EvidenceOptions.MaxVideoBytes"/>.</summary>
    Video = 1,
}

/// <summary>The outcome of storing one upload: the reference, or the library's error code for the refusal.</summary>
public sealed record EvidenceUpload(EvidenceReference? Reference, string? ErrorCode)
{
    public static EvidenceUpload Refused(string code) => new(null, code);
}

/// <summary>
/// Stands in for the host's blob storage: a local folder where each file is named by the SHA-256 of its bytes,
/// with a small JSON file beside it holding the media type and size. The media type is read from the file's
/// first bytes, never taken from the client, and checked against the library's allowed types; the size is
/// checked before and while the file is copied. The library keeps only the reference. Thread-safe.
/// </summary>
public sealed class EvidenceStore
{
    private const string IdPrefix = "evidence:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SecurityResetOptions _options;

    public EvidenceStore(IOptions<SecurityResetOptions> options, IOptions<WebHostOptions> host)
    {
        _options = options.Value;
        Root = host.Value.EvidencePath is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Path.GetTempPath(), "securityreset-webhost", "evidence");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Stores an uploaded file after checking its size and content type.</summary>
    /// <param name="file">The upload.</param>
    /// <param name="category">Which limits apply.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The reference, or <c>evidence.invalid</c>, <c>evidence.too_large</c> or <c>evidence.media_type_not_allowed</c>.</returns>
    public async Task<EvidenceUpload> SaveAsync(IFormFile file, EvidenceCategory category, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (allowed, maxBytes) = Limits(category);
        if (file.Length <= 0)
        {
            return EvidenceUpload.Refused(ErrorCodes.EvidenceInvalid);
        }

        if (file.Length > maxBytes)
        {
            return EvidenceUpload.Refused(ErrorCodes.EvidenceTooLarge);
        }

        await using var input = file.OpenReadStream();
        return await SaveAsync(input, allowed, maxBytes, cancellationToken);
    }

    /// <summary>The reference of a stored file, when the id names one and it fits the category.</summary>
    /// <param name="id">The evidence id a client sent back.</param>
    /// <param name="category">Which limits apply.</param>
    /// <returns>The reference, or the error code.</returns>
    public EvidenceUpload Find(string? id, EvidenceCategory category)
    {
        if (!TryHash(id, out var sha256) || !File.Exists(MetadataPath(sha256)))
        {
            return EvidenceUpload.Refused(ErrorCodes.EvidenceInvalid);
        }

        var metadata = JsonSerializer.Deserialize<Metadata>(File.ReadAllText(MetadataPath(sha256)), Json);
        if (metadata is null)
        {
            return EvidenceUpload.Refused(ErrorCodes.EvidenceInvalid);
        }

        var (allowed, maxBytes) = Limits(category);
        if (!allowed.Contains(metadata.MediaType))
        {
            return EvidenceUpload.Refused(ErrorCodes.EvidenceMediaTypeNotAllowed);
        }

        return metadata.SizeBytes > maxBytes
            ? EvidenceUpload.Refused(ErrorCodes.EvidenceTooLarge)
            : new EvidenceUpload(new EvidenceReference(IdPrefix + sha256, metadata.MediaType, metadata.SizeBytes, sha256), null);
    }

    /// <summary>Opens a stored file for a reviewer.</summary>
    /// <param name="sha256">The file's hash.</param>
    /// <returns>The stream and media type, or <see langword="null"/>.</returns>
    public (Stream Content, string MediaType)? Open(string? sha256)
    {
        if (sha256 is null || !Text.IsSha256(sha256) || !File.Exists(ContentPath(sha256)) || !File.Exists(MetadataPath(sha256)))
        {
            return null;
        }

        var metadata = JsonSerializer.Deserialize<Metadata>(File.ReadAllText(MetadataPath(sha256)), Json)!;
        return (File.OpenRead(ContentPath(sha256)), metadata.MediaType);
    }

    /// <summary>The media type a file's first bytes show, or <see langword="null"/>.</summary>
    /// <param name="head">The first bytes (16 are enough).</param>
    /// <returns>The media type.</returns>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "video/webm";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..12].SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }

        return null;
    }

    private async Task<EvidenceUpload> SaveAsync(Stream input, ISet<string> allowed, long maxBytes, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Root, $".upload-{Guid.NewGuid():N}");
        try
        {
            string? mediaType = null;
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (size == 0)
                    {
                        mediaType = Sniff(buffer.AsSpan(0, read));
                        if (mediaType is null || !allowed.Contains(mediaType))
                        {
                            return EvidenceUpload.Refused(ErrorCodes.EvidenceMediaTypeNotAllowed);
                        }
                    }

                    size += read;
                    if (size > maxBytes)
                    {
                        return EvidenceUpload.Refused(ErrorCodes.EvidenceTooLarge);
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (size == 0 || mediaType is null)
            {
                return EvidenceUpload.Refused(ErrorCodes.EvidenceInvalid);
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!File.Exists(ContentPath(sha256)))
            {
                File.Move(temporary, ContentPath(sha256), overwrite: true);
            }

            await File.WriteAllTextAsync(MetadataPath(sha256), JsonSerializer.Serialize(new Metadata(mediaType, size), Json), cancellationToken);
            return new EvidenceUpload(new EvidenceReference(IdPrefix + sha256, mediaType, size, sha256), null);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private (ISet<string> Allowed, long MaxBytes) Limits(EvidenceCategory category) => category == EvidenceCategory.Video
        ? (_options.Evidence.AllowedVideoMediaTypes, _options.Evidence.MaxVideoBytes)
        : (_options.Evidence.AllowedFileMediaTypes, _options.Evidence.MaxFileBytes);

    private static bool TryHash(string? id, out string sha256)
    {
        sha256 = string.Empty;
        if (id is null || !id.StartsWith(IdPrefix, StringComparison.Ordinal) || !Text.IsSha256(id[IdPrefix.Length..]))
        {
            return false;
        }

        sha256 = id[IdPrefix.Length..];
        return true;
    }

    private string ContentPath(string sha256) => Path.Combine(Root, sha256);

    private string MetadataPath(string sha256) => Path.Combine(Root, sha256 + ".json");

    private sealed record Metadata(string MediaType, long SizeBytes);

    private static class Text
    {
        public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);
    }
}
