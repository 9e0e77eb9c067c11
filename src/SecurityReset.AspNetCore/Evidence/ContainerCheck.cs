using System.Buffers.Binary;

namespace SecurityReset.AspNetCore.Evidence;

/// <summary>
/// Reads an upload's container structure to learn its media type; the first bytes choose the parser, and the whole
/// structure must then hold. PDF: a version header, no HTML markup, a <c>startxref</c> whose offset lands on a cross-reference
/// table (with its <c>trailer</c>) or a cross-reference stream, and <c>%%EOF</c> at the end. JPEG: SOI, a chain of
/// well-formed segments through a scan, EOI at the end. PNG: the signature, IHDR first, every chunk's CRC, IEND last.
/// MP4 and QuickTime: a chain of boxes that starts with <c>ftyp</c> and whose sizes add up to the file.
/// </summary>
internal static class ContainerCheck
{
    /// <summary>The largest PDF or image read whole for the check; bigger ones are refused.</summary>
    public const long MaxBufferedBytes = 64L * 1024 * 1024;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] MarkupTags = ["<html", "<!doctype", "<script", "<body", "<head", "<iframe", "<svg", "<meta", "<?xml-stylesheet"];

    /// <summary>Checks a seekable stream from its start.</summary>
    /// <param name="content">The upload; left at an unspecified position.</param>
    /// <returns>The outcome.</returns>
    public static ContainerResult Inspect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        Span<byte> head = stackalloc byte[16];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;
        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return Mp4(content);
        }

        if (!head.StartsWith("%PDF-"u8) && !head.StartsWith(PngSignature) && !head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]))
        {
            return ContainerResult.Unrecognised;
        }

        if (content.Length > MaxBufferedBytes)
        {
            return ContainerResult.Malformed;
        }

        var bytes = new byte[content.Length];
        content.ReadExactly(bytes);
        return Inspect(bytes);
    }

    /// <summary>Checks a whole file held in memory.</summary>
    /// <param name="bytes">The file.</param>
    /// <returns>The outcome.</returns>
    public static ContainerResult Inspect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return IsPdf(bytes) ? ContainerResult.Of("application/pdf") : ContainerResult.Malformed;
        }

        if (bytes.StartsWith(PngSignature))
        {
            return IsPng(bytes) ? ContainerResult.Of("image/png") : ContainerResult.Malformed;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]))
        {
            return IsJpeg(bytes) ? ContainerResult.Of("image/jpeg") : ContainerResult.Malformed;
        }

        if (bytes.Length >= 8 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            return Mp4(stream);
        }

        return ContainerResult.Unrecognised;
    }

    /// <summary>Whether the bytes are a PDF: header, no markup, a <c>startxref</c> that points at the cross-reference data, <c>%%EOF</c> last.</summary>
    public static bool IsPdf(ReadOnlySpan<byte> pdf)
    {
        // "%PDF-1.x" or "%PDF-2.x", then an end of line.
        if (pdf.Length < 32 || pdf[5] is not ((byte)'1' or (byte)'2') || pdf[6] != '.' || !char.IsAsciiDigit((char)pdf[7]))
        {
            return false;
        }

        if (ContainsMarkup(pdf))
        {
            return false;
        }

        // %%EOF ends the file, give or take trailing whitespace.
        var end = pdf.Length;
        while (end > 0 && pdf[end - 1] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or 0)
        {
            end--;
        }

        if (!pdf[..end].EndsWith("%%EOF"u8))
        {
            return false;
        }

        var tail = pdf[..(end - 5)];
        var startxref = tail.LastIndexOf("startxref"u8);
        if (startxref < 0 || !TryReadNumber(tail[(startxref + 9)..], out var offset) || offset < 9 || offset >= startxref)
        {
            return false;
        }

        var target = pdf[(int)offset..startxref];
        if (target.StartsWith("xref"u8))
        {
            // A classic cross-reference table, followed by its trailer dictionary.
            return target.IndexOf("trailer"u8) > 0;
        }

        // A cross-reference stream: "N G obj" whose dictionary says /Type /XRef.
        var obj = target.IndexOf("obj"u8);
        return obj is > 0 and < 24 && char.IsAsciiDigit((char)target[0]) && IndexOfXRefType(target[obj..]) >= 0;
    }

    /// <summary>Whether the bytes are a PNG: signature, IHDR first and 13 bytes long, every chunk's CRC right, IEND last.</summary>
    public static bool IsPng(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(PngSignature))
        {
            return false;
        }

        var at = PngSignature.Length;
        var first = true;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > png.Length)
            {
                return false;
            }

            var type = png.Slice(at + 4, 4);
            var typedData = png.Slice(at + 4, 4 + (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(at + 8 + (int)length)..]);
            if (Crc32.Compute(typedData) != crc || !IsAsciiLetters(type))
            {
                return false;
            }

            if (first && (!type.SequenceEqual("IHDR"u8) || length != 13))
            {
                return false;
            }

            first = false;
            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                return length == 0 && at == png.Length;
            }
        }

        return false;
    }

    /// <summary>Whether the bytes are a JPEG: SOI, well-formed segments (frame and scan included), EOI last.</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        var at = 2;
        var frame = false;
        var scan = false;
        while (at < jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false;
            }

            // Fill bytes may pad before a marker.
            while (at < jpeg.Length && jpeg[at] == 0xFF)
            {
                at++;
            }

            if (at >= jpeg.Length)
            {
                return false;
            }

            var marker = jpeg[at++];
            switch (marker)
            {
                case 0xD9:
                    return frame && scan && at == jpeg.Length;
                case 0x00 or 0xD8:
                    return false;
                case >= 0xD0 and <= 0xD7 or 0x01:
                    continue; // no length
            }

            if (at + 2 > jpeg.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[at..]);
            if (length < 2 || at + length > jpeg.Length)
            {
                return false;
            }

            frame |= marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            at += length;
            if (marker == 0xDA)
            {
                if (!frame)
                {
                    return false;
                }

                scan = true;

                // Entropy-coded data runs to the next marker that is neither a stuffed zero nor a restart.
                while (at + 1 < jpeg.Length && !(jpeg[at] == 0xFF && jpeg[at + 1] is not 0x00 and not (>= 0xD0 and <= 0xD7) and not 0xFF))
                {
                    at++;
                }

                if (at + 1 >= jpeg.Length)
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>Walks the top-level boxes: <c>ftyp</c> first, every size within the file, the sizes adding up to its length.</summary>
    private static ContainerResult Mp4(Stream content)
    {
        var length = content.Length;
        long at = 0;
        var first = true;
        var mediaType = "video/mp4";
        var movie = false;
        Span<byte> header = stackalloc byte[16];
        Span<byte> brand = stackalloc byte[4];
        while (at < length)
        {
            if (length - at < 8)
            {
                return ContainerResult.Malformed;
            }

            content.Position = at;
            content.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header[4..8];
            var headerSize = 8;
            if (size == 1)
            {
                if (length - at < 16)
                {
                    return ContainerResult.Malformed;
                }

                content.ReadExactly(header[8..16]);
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[8..]), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - at; // the last box runs to the end of the file
            }

            if (size < headerSize || size > length - at || !IsBoxType(type))
            {
                return ContainerResult.Malformed;
            }

            if (first)
            {
                if (!type.SequenceEqual("ftyp"u8) || size < 16)
                {
                    return ContainerResult.Malformed;
                }

                content.ReadExactly(brand);
                mediaType = brand.SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
                first = false;
            }

            movie |= type.SequenceEqual("moov"u8);
            at += size;
        }

        return !first && movie ? ContainerResult.Of(mediaType) : ContainerResult.Malformed;
    }

    private static bool IsBoxType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetters(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsMarkup(ReadOnlySpan<byte> bytes)
    {
        foreach (var tag in MarkupTags)
        {
            var start = 0;
            while (start < bytes.Length)
            {
                var lt = bytes[start..].IndexOf((byte)'<');
                if (lt < 0)
                {
                    break;
                }

                var at = start + lt;
                if (at + tag.Length <= bytes.Length && Matches(bytes.Slice(at, tag.Length), tag))
                {
                    return true;
                }

                start = at + 1;
            }
        }

        return false;
    }

    private static bool Matches(ReadOnlySpan<byte> bytes, string tag)
    {
        for (var i = 0; i < tag.Length; i++)
        {
            if (char.ToLowerInvariant((char)bytes[i]) != tag[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfXRefType(ReadOnlySpan<byte> dictionary)
    {
        var type = dictionary.IndexOf("/Type"u8);
        if (type < 0)
        {
            return -1;
        }

        var rest = dictionary[(type + 5)..].TrimStart(" \r\n\t"u8);
        return rest.StartsWith("/XRef"u8) ? type : -1;
    }

    private static bool TryReadNumber(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        text = text.TrimStart(" \r\n\t"u8);
        var digits = 0;
        while (digits < text.Length && digits < 18 && char.IsAsciiDigit((char)text[digits]))
        {
            value = (value * 10) + (text[digits] - '0');
            digits++;
        }

        return digits > 0;
    }
}
