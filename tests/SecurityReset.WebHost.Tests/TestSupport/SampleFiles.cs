namespace SecurityReset.WebHost.Tests.TestSupport;

/// <summary>Small files whose first bytes are those of real PNG, PDF and MP4 files.</summary>
public static class SampleFiles
{
    public static byte[] Png(string label = "png") => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Tail(label)];

    public static byte[] Pdf(string label = "pdf") => [.. "%PDF-1.7\n"u8, .. Tail(label)];

    public static byte[] Mp4(string label = "mp4") => [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. Tail(label)];

    public static byte[] Text(string label = "text") => [.. "plain text, not an image "u8, .. Tail(label)];

    /// <summary>Makes each file distinct (the store names files by their hash).</summary>
    private static byte[] Tail(string label) => System.Text.Encoding.UTF8.GetBytes($" {label} {Guid.NewGuid():N}");
}
