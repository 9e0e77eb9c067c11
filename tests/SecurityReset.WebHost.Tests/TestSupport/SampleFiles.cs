using System.IO.Compression;
using System.Security.Cryptography;

namespace SecurityReset.WebHost.Tests.TestSupport;

/// <summary>Small files with the container structure of real PNG, PDF and MP4 files (the upload checks parse it); the PNGs are real pictures.</summary>
public static class SampleFiles
{
    /// <summary>A real 160×100 PNG: a pale card with a portrait block and text lines, tinted by the label.</summary>
    public static byte[] Png(string label = "png")
    {
        const int width = 160, height = 100;
        var tint = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(label + Guid.NewGuid()));
        var raw = new byte[height * ((width * 3) + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            for (var x = 0; x < width; x++)
            {
                var portrait = x is >= 10 and < 55 && y is >= 18 and < 82;
                var line = x is >= 65 and < 150 && (y - 22) % 14 is >= 0 and < 5 && y < 82;
                var border = x < 2 || y < 2 || x >= width - 2 || y >= height - 2;
                var (r, g, b) = border || portrait || line
                    ? ((byte)(60 + (tint[0] % 60)), (byte)(70 + (tint[1] % 60)), (byte)(90 + (tint[2] % 60)))
                    : ((byte)(225 + (tint[3] % 30)), (byte)(230 + (tint[4] % 25)), (byte)240);
                raw[row + 1 + (x * 3)] = r;
                raw[row + 2 + (x * 3)] = g;
                raw[row + 3 + (x * 3)] = b;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [.. BigEndian(width), .. BigEndian(height), 8, 2, 0, 0, 0]);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A one-page PDF whose cross-reference table, trailer and <c>startxref</c> offset are right.</summary>
    public static byte[] Pdf(string label = "pdf")
    {
        var text = System.Text.Encoding.ASCII.GetString(Tail(label));
        var body = new System.Text.StringBuilder("%PDF-1.7\n");
        string[] objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", $"<< /Length {text.Length + 2} >>\nstream\n({text})\nendstream"];
        var offsets = new List<int>();
        foreach (var (obj, i) in objects.Select((o, i) => (o, i)))
        {
            offsets.Add(body.Length);
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{obj}\nendobj\n");
        }

        var xref = body.Length;
        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.ASCII.GetBytes(body.ToString());
    }

    /// <summary>An MP4's box chain: <c>ftyp</c> first, a <c>moov</c>, then the media data.</summary>
    public static byte[] Mp4(string label = "mp4") =>
        [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isommp41"u8]), .. Box("moov", Box("mvhd", new byte[100])), .. Box("mdat", Tail(label))];

    public static byte[] Text(string label = "text") => [.. "plain text, not an image "u8, .. Tail(label)];

    /// <summary>Makes each file distinct (the store names files by their hash).</summary>
    private static byte[] Tail(string label) => System.Text.Encoding.UTF8.GetBytes($" {label} {Guid.NewGuid():N}");

    private static byte[] Box(string type, byte[] payload) => [.. BigEndian(payload.Length + 8), .. System.Text.Encoding.ASCII.GetBytes(type), .. payload];

    private static void Chunk(Stream png, string type, byte[] data)
    {
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(BigEndian(data.Length));
        png.Write(typed);
        png.Write(BigEndian((int)Crc32(typed)));
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static uint Crc32(byte[] bytes)
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
