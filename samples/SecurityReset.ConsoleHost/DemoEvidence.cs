using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecurityReset.ConsoleHost;

/// <summary>
/// Stands in for the host's blob storage: an "upload" becomes a reference with a real SHA-256 of the bytes.
/// The library keeps only this metadata; the files would live in the host's storage.
/// </summary>
internal static class DemoEvidence
{
    /// <summary>Makes a reference to a demo file.</summary>
    /// <param name="name">The file name, for example <c>source-of-funds.pdf</c>.</param>
    /// <param name="mediaType">The media type.</param>
    /// <returns>The reference: a blob id, the media type, the size and the SHA-256 of the bytes.</returns>
    public static EvidenceReference Upload(string name, string mediaType)
    {
        var bytes = Encoding.UTF8.GetBytes($"demo file {name} ({mediaType})");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var id = string.Create(CultureInfo.InvariantCulture, $"blob:demo/{sha256[..12]}/{name}");
        return new EvidenceReference(id, mediaType, bytes.Length, sha256);
    }

    /// <summary>A media type from a file name's extension, for proofs and documents.</summary>
    /// <param name="name">The file name.</param>
    /// <returns>The media type; unknown extensions give <c>application/octet-stream</c>, which the library refuses.</returns>
    public static string MediaTypeOf(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".PDF" => "application/pdf",
        ".JPG" or ".JPEG" => "image/jpeg",
        ".PNG" => "image/png",
        ".MP4" => "video/mp4",
        ".WEBM" => "video/webm",
        ".MOV" => "video/quicktime",
        _ => "application/octet-stream",
    };
}
