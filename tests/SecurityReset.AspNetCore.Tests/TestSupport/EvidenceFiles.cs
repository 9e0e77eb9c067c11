using System.Globalization;
using System.Text;

namespace SecurityReset.AspNetCore.Tests.TestSupport;

/// <summary>Small files whose structure is that of real PDF, PNG, JPEG and MP4 files, each made distinct by a label.</summary>
public static class EvidenceFiles
{
    /// <summary>A one-page PDF with a classic cross-reference table and trailer, the offsets right.</summary>
    public static byte[] Pdf(string label = "pdf")
    {
        var body = new StringBuilder("%PDF-1.7\n");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
            $"<< /Length {label.Length + 20} >>\nstream\nBT /F1 12 Tf ({label}) Tj ET\nendstream",
        ];
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(body.ToString()));
            body.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(body.ToString());
        body.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            body.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        body.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    /// <summary>A real 8×8 PNG.</summary>
    public static byte[] Png(string label = "png")
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0]);
        Chunk(png, "tEXt", [.. "Comment\0"u8, .. Encoding.ASCII.GetBytes(label)]);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(new byte[8 * 9]);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A JPEG's segment chain: SOI, APP0, a comment, DQT, SOF0, DHT, SOS with entropy-coded bytes (a stuffed FF and a restart marker), EOI.</summary>
    public static byte[] Jpeg(string label = "jpeg")
    {
        var comment = Encoding.ASCII.GetBytes(label);
        return
        [
            0xFF, 0xD8,
            0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
            0xFF, 0xFE, 0x00, (byte)(comment.Length + 2), .. comment,
            0xFF, 0xDB, 0x00, 0x43, 0x00, .. Enumerable.Repeat((byte)1, 64),
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
            0xFF, 0xC4, 0x00, 0x14, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00,
            0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
            0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56,
            0xFF, 0xD9,
        ];
    }

    /// <summary>An MP4's box chain: <c>ftyp</c>, <c>moov</c> (with an <c>mvhd</c>), <c>mdat</c>.</summary>
    public static byte[] Mp4(string label = "mp4", string brand = "isom")
    {
        var data = Encoding.ASCII.GetBytes(label);
        return
        [
            .. Box("ftyp", [.. Encoding.ASCII.GetBytes(brand), 0, 0, 2, 0, .. "isommp41"u8]),
            .. Box("moov", Box("mvhd", new byte[100])),
            .. Box("mdat", data),
        ];
    }

    /// <summary>One ISO base media box.</summary>
    public static byte[] Box(string type, byte[] payload) => [.. BigEndian(payload.Length + 8), .. Encoding.ASCII.GetBytes(type), .. payload];

    public static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static void Chunk(Stream png, string type, byte[] data)
    {
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(BigEndian(data.Length));
        png.Write(typed);
        png.Write(BigEndian((int)Crc32(typed)));
    }

    /// <summary>CRC-32 bit by bit, independent of the table the package uses.</summary>
    public static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
