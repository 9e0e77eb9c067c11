using System.Net;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class EvidenceUploadTests(SmallLimitsFactory factory) : ApiTestBase(factory), IClassFixture<SmallLimitsFactory>
{
    [Fact]
    public async Task An_upload_is_stored_for_its_case_with_its_sha256_and_the_type_read_from_its_bytes()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        var bytes = SampleFiles.Png();

        // The client names no type (octet-stream); the bytes say PNG.
        var stored = await Api.UploadAsync(journey.Token, bytes);

        Assert.Equal(HttpStatusCode.Created, stored.Status);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal(sha256, stored.Body.GetProperty("sha256").GetString());
        Assert.Equal("image/png", stored.Body.GetProperty("mediaType").GetString());
        Assert.Equal(bytes.Length, stored.Body.GetProperty("sizeBytes").GetInt64());
        var caseFolder = Assert.Single(Directory.GetDirectories(Factory.EvidencePath), d => File.Exists(Path.Combine(d, stored.Body.GetProperty("id").GetString() + ".bin")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(caseFolder, stored.Body.GetProperty("id").GetString() + ".bin"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Uploads_are_refused_by_type_size_and_without_a_case()
    {
        var journey = NewJourney();
        await journey.OpenAsync();

        Refused(await Api.UploadAsync(journey.Token, SampleFiles.Text()), HttpStatusCode.UnsupportedMediaType, "evidence.media_type_not_allowed");
        Refused(await Api.UploadAsync(journey.Token, SampleFiles.Mp4(), "File"), HttpStatusCode.UnsupportedMediaType, "evidence.media_type_not_allowed");
        var large = new byte[(64 * 1024) + 1];
        SampleFiles.Pdf().CopyTo(large, 0);
        Refused(await Api.UploadAsync(journey.Token, large), HttpStatusCode.RequestEntityTooLarge, "evidence.too_large");
        Refused(await Api.UploadAsync(journey.Token, []), HttpStatusCode.BadRequest, "evidence.invalid");
        Refused(await Api.UploadAsync(null, SampleFiles.Pdf()), HttpStatusCode.BadRequest, "request.invalid");
        Refused(await Api.UploadAsync("forged", SampleFiles.Pdf()), HttpStatusCode.NotFound, "case.not_found");
        Assert.Equal(HttpStatusCode.Created, (await Api.UploadAsync(journey.Token, SampleFiles.Mp4(), "Video")).Status);
    }
}
