using System.Text;
using SecurityReset.AspNetCore.Evidence;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Evidence;

public sealed class ContainerCheckTests
{
    public static TheoryData<string, string> WellFormed => new()
    {
        { "pdf", "application/pdf" },
        { "png", "image/png" },
        { "jpeg", "image/jpeg" },
        { "mp4", "video/mp4" },
        { "mov", "video/quicktime" },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void A_well_formed_file_is_named_by_its_structure(string kind, string mediaType)
    {
        var bytes = File(kind);

        Assert.Equal(ContainerResult.Of(mediaType), ContainerCheck.Inspect(bytes));
        using var stream = new MemoryStream(bytes);
        Assert.Equal(ContainerResult.Of(mediaType), ContainerCheck.Inspect(stream));
    }

    [Fact]
    public void A_pdf_header_followed_by_html_is_refused()
    {
        var html = Encoding.ASCII.GetBytes("%PDF-1.7\n<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n%%EOF\n");

        Assert.Equal(ContainerResult.Malformed, ContainerCheck.Inspect(html));
    }

    [Fact]
    public void A_valid_pdf_with_html_inside_is_refused()
    {
        var pdf = Encoding.ASCII.GetString(EvidenceFiles.Pdf());
        var withMarkup = Encoding.ASCII.GetBytes(pdf.Replace("(pdf)", "(<HTML><Script>x</Script>)", StringComparison.Ordinal));

        Assert.True(ContainerCheck.IsPdf(EvidenceFiles.Pdf()));
        Assert.False(ContainerCheck.IsPdf(withMarkup));
    }

    [Theory]
    [InlineData("%%EOF\n", "")]
    [InlineData("startxref", "startxrif")]
    [InlineData("trailer", "trailor")]
    [InlineData("xref\n0", "xrif\n0")]
    public void A_pdf_without_its_end_marker_cross_reference_or_trailer_is_refused(string part, string replacement)
    {
        var pdf = Encoding.ASCII.GetString(EvidenceFiles.Pdf());
        var broken = Encoding.ASCII.GetBytes(pdf.Replace(part, replacement, StringComparison.Ordinal));

        Assert.Equal(ContainerResult.Malformed, ContainerCheck.Inspect(broken));
    }

    [Fact]
    public void A_pdf_whose_startxref_points_elsewhere_is_refused()
    {
        var pdf = Encoding.ASCII.GetString(EvidenceFiles.Pdf());
        var at = pdf.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10;
        var end = pdf.IndexOf('\n', at);
        var broken = Encoding.ASCII.GetBytes(string.Concat(pdf.AsSpan(0, at), "12", pdf.AsSpan(end)));

        Assert.False(ContainerCheck.IsPdf(broken));
    }

    [Fact]
    public void A_pdf_with_a_cross_reference_stream_is_accepted()
    {
        const string head = "%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        var xref = Encoding.ASCII.GetByteCount(head);
        var pdf = Encoding.ASCII.GetBytes($"{head}2 0 obj\n<< /Type /XRef /Size 3 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n{xref}\n%%EOF");

        Assert.True(ContainerCheck.IsPdf(pdf));
    }

    [Fact]
    public void A_png_with_a_wrong_chunk_crc_is_refused()
    {
        var png = EvidenceFiles.Png();
        png[^20] ^= 0x01; // inside the IDAT chunk's data

        Assert.False(ContainerCheck.IsPng(png));
        Assert.Equal(ContainerResult.Malformed, ContainerCheck.Inspect(png));
    }

    [Fact]
    public void A_png_whose_first_chunk_is_not_IHDR_or_that_has_no_IEND_is_refused()
    {
        var png = EvidenceFiles.Png();
        var ihdrLength = 12 + 13;
        var textStart = 8 + ihdrLength;
        var textLength = 12 + (int)((png[textStart] << 24) | (png[textStart + 1] << 16) | (png[textStart + 2] << 8) | png[textStart + 3]);
        byte[] swapped = [.. png[..8], .. png.AsSpan(textStart, textLength), .. png.AsSpan(8, ihdrLength), .. png[(textStart + textLength)..]];

        Assert.False(ContainerCheck.IsPng(swapped));
        Assert.False(ContainerCheck.IsPng(png.AsSpan(0, png.Length - 12)));
        Assert.False(ContainerCheck.IsPng([.. png, 0]));
    }

    [Fact]
    public void A_jpeg_without_EOI_or_with_a_segment_running_past_the_end_is_refused()
    {
        var jpeg = EvidenceFiles.Jpeg();
        var longComment = (byte[])jpeg.Clone();
        var comment = Array.IndexOf(jpeg, (byte)0xFE);
        longComment[comment + 1] = 0x7F;

        Assert.True(ContainerCheck.IsJpeg(jpeg));
        Assert.False(ContainerCheck.IsJpeg(jpeg.AsSpan(0, jpeg.Length - 2)));
        Assert.False(ContainerCheck.IsJpeg(longComment));
        Assert.False(ContainerCheck.IsJpeg([0xFF, 0xD8, 0xFF, 0xD9]));
        Assert.False(ContainerCheck.IsJpeg([0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("<html>"), 0xFF, 0xD9]));
    }

    [Fact]
    public void An_mp4_whose_first_box_is_not_ftyp_or_whose_sizes_do_not_add_up_is_refused()
    {
        var mp4 = EvidenceFiles.Mp4();
        byte[] moovFirst = [.. EvidenceFiles.Box("moov", new byte[8]), .. mp4];
        var overlong = (byte[])mp4.Clone();
        var mdat = mp4.Length - 11;
        overlong[mdat + 3] = 0x40; // the last box claims more than the file holds

        Assert.Equal(ContainerResult.Unrecognised, ContainerCheck.Inspect(moovFirst));
        using (var stream = new MemoryStream(overlong))
        {
            Assert.Equal(ContainerResult.Malformed, ContainerCheck.Inspect(stream));
        }

        Assert.Equal(ContainerResult.Malformed, ContainerCheck.Inspect([.. mp4, 0, 0, 0]));
        Assert.Equal(ContainerResult.Malformed, ContainerCheck.Inspect(EvidenceFiles.Box("ftyp", [.. "isom"u8, 0, 0, 2, 0])));
    }

    [Fact]
    public void Text_and_html_are_not_recognised()
    {
        Assert.Equal(ContainerResult.Unrecognised, ContainerCheck.Inspect(Encoding.ASCII.GetBytes("plain text, not an image")));
        Assert.Equal(ContainerResult.Unrecognised, ContainerCheck.Inspect(Encoding.ASCII.GetBytes("<html><body>hi</body></html>")));
    }

    private static byte[] File(string kind) => kind switch
    {
        "pdf" => EvidenceFiles.Pdf(),
        "png" => EvidenceFiles.Png(),
        "jpeg" => EvidenceFiles.Jpeg(),
        "mp4" => EvidenceFiles.Mp4(),
        _ => EvidenceFiles.Mp4(brand: "qt  "),
    };
}
