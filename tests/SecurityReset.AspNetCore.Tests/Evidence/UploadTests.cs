using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecurityReset.AspNetCore.Evidence;
using SecurityReset.AspNetCore.Tests.Api;
using SecurityReset.AspNetCore.Tests.TestSupport;
using SecurityReset.InMemory;

namespace SecurityReset.AspNetCore.Tests.Evidence;

/// <summary>The upload endpoint on real Kestrel, with the package's resolver over the in-memory evidence store.</summary>
public sealed class UploadTests
{
    private const long MaxFileBytes = 16 * 1024;

    [Fact]
    public async Task An_upload_is_stored_for_its_case_with_the_server_s_sha256_and_the_type_read_from_its_structure()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        var bytes = EvidenceFiles.Png();

        var stored = await host.UploadAsync(journey.Handle, bytes);

        Assert.Equal(HttpStatusCode.Created, stored.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Body.GetProperty("sha256").GetString());
        Assert.Equal("image/png", stored.Body.GetProperty("mediaType").GetString());
        Assert.Equal(bytes.Length, stored.Body.GetProperty("sizeBytes").GetInt64());
        var id = stored.Body.GetProperty("id").GetString()!;
        await using var content = await Store(host).OpenReadAsync(CaseOf(journey), id, TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        await content!.CopyToAsync(copy, TestContext.Current.CancellationToken);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task An_evidence_id_serves_only_the_case_that_uploaded_it()
    {
        await using var host = await StartAsync();
        var owner = await OpenAsync(host);
        var other = await OpenAsync(host);
        var id = (await host.UploadAsync(owner.Handle, EvidenceFiles.Pdf())).Body.GetProperty("id").GetString()!;

        var resolver = host.Services.GetRequiredService<ISecurityResetEvidenceResolver>();

        Assert.NotNull(await resolver.ResolveAsync(CaseOf(owner), id, TestContext.Current.CancellationToken));
        Assert.Null(await resolver.ResolveAsync(CaseOf(other), id, TestContext.Current.CancellationToken));
        Assert.Empty(await Store(host).ListAsync(CaseOf(other), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_declared_length_past_the_kind_s_limit_is_refused_413_before_the_body_is_read()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        var large = new byte[MaxFileBytes + 1];

        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, large), HttpStatusCode.RequestEntityTooLarge, "evidence.too_large");

        // The same size is fine as a video, whose limit is higher, were it a video.
        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, large, "Video"), HttpStatusCode.UnsupportedMediaType, "evidence.media_type_not_allowed");
    }

    [Fact]
    public async Task A_chunked_body_past_the_kind_s_limit_is_refused_413()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        byte[] large = [.. EvidenceFiles.Pdf(), .. new byte[MaxFileBytes]];

        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, large, chunked: true), HttpStatusCode.RequestEntityTooLarge, "evidence.too_large");
        Assert.Equal(HttpStatusCode.Created, (await host.UploadAsync(journey.Handle, EvidenceFiles.Pdf(), chunked: true)).Status);
    }

    [Fact]
    public async Task A_pdf_header_followed_by_html_is_refused_as_invalid_evidence()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        var html = Encoding.ASCII.GetBytes("%PDF-1.7\n<html><body><script>document.location='https://example.test'</script></body></html>\n%%EOF\n");

        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, html), HttpStatusCode.BadRequest, "evidence.invalid");
    }

    [Fact]
    public async Task A_broken_png_is_refused_as_invalid_evidence()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        var png = EvidenceFiles.Png();
        png[^20] ^= 0x01;

        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, png), HttpStatusCode.BadRequest, "evidence.invalid");
    }

    [Fact]
    public async Task Text_or_a_video_as_a_file_is_refused_415()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);

        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, Encoding.ASCII.GetBytes("plain text")), HttpStatusCode.UnsupportedMediaType, "evidence.media_type_not_allowed");
        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, EvidenceFiles.Mp4()), HttpStatusCode.UnsupportedMediaType, "evidence.media_type_not_allowed");
        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, EvidenceFiles.Png(), "Video"), HttpStatusCode.UnsupportedMediaType, "evidence.media_type_not_allowed");
        Assert.Equal(HttpStatusCode.Created, (await host.UploadAsync(journey.Handle, EvidenceFiles.Mp4(), "Video")).Status);
    }

    [Fact]
    public async Task An_empty_body_an_unknown_kind_or_no_case_is_refused()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);

        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, []), HttpStatusCode.BadRequest, "evidence.invalid");
        await AssertRefusedAsync(host, journey, await host.UploadAsync(journey.Handle, EvidenceFiles.Pdf(), "Selfie"), HttpStatusCode.BadRequest, "request.invalid");
        await AssertRefusedAsync(host, journey, await host.UploadAsync(null, EvidenceFiles.Pdf()), HttpStatusCode.BadRequest, "request.invalid");
        await AssertRefusedAsync(host, journey, await host.UploadAsync("forged", EvidenceFiles.Pdf()), HttpStatusCode.NotFound, "case.not_found");
    }

    [Fact]
    public async Task A_stale_handle_stores_nothing()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        var stale = journey.Handle;
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        await journey.VerifyAsync("BoundEmail", ContactKind.Email);
        Assert.NotEqual(stale, journey.Handle);

        await AssertRefusedAsync(host, journey, await host.UploadAsync(stale, EvidenceFiles.Pdf()), HttpStatusCode.Forbidden, "case.credential_invalid");
    }

    [Fact]
    public async Task Uploads_past_the_case_s_count_or_byte_quota_are_refused_422()
    {
        await using var host = await StartAsync(o =>
        {
            o.MaxEvidenceFilesPerCase = 2;
            o.MaxEvidenceBytesPerCase = 3 * 1024;
        });
        var journey = await OpenAsync(host);
        Assert.Equal(HttpStatusCode.Created, (await host.UploadAsync(journey.Handle, EvidenceFiles.Png())).Status);
        var pdf = EvidenceFiles.Pdf();
        byte[] padded = [.. pdf[..^6], .. Encoding.ASCII.GetBytes(new string(' ', 3 * 1024)), .. pdf[^6..]];

        var overBytes = await host.UploadAsync(journey.Handle, padded);
        ProblemDetailsTests.AssertProblem(overBytes, HttpStatusCode.UnprocessableEntity, "evidence.quota_exceeded", "Refused");
        Assert.Single(await Store(host).ListAsync(CaseOf(journey), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Created, (await host.UploadAsync(journey.Handle, EvidenceFiles.Jpeg())).Status);
        var overCount = await host.UploadAsync(journey.Handle, EvidenceFiles.Pdf());
        ProblemDetailsTests.AssertProblem(overCount, HttpStatusCode.UnprocessableEntity, "evidence.quota_exceeded", "Refused");
        Assert.Equal(2, (await Store(host).ListAsync(CaseOf(journey), TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Uploaded_files_serve_the_proofs_step_and_delete_with_their_case()
    {
        await using var host = await StartAsync();
        var journey = await OpenAsync(host);
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        await journey.VerifyAsync("BoundEmail", ContactKind.Email);
        var ids = new List<string>();
        foreach (var file in new[] { EvidenceFiles.Pdf("a"), EvidenceFiles.Png("b"), EvidenceFiles.Jpeg("c") })
        {
            ids.Add((await host.UploadAsync(journey.Handle, file)).Body.GetProperty("id").GetString()!);
        }

        var foreign = (await host.UploadAsync((await OpenAsync(host)).Handle, EvidenceFiles.Pdf("d"))).Body.GetProperty("id").GetString();
        var refused = await journey.PostAsync("proofs", new { proofs = new[] { new { kind = "SourceOfFunds", evidenceId = foreign } } });
        ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.BadRequest, "evidence.invalid", "Malformed");

        Assert.Equal(3, await Store(host).DeleteCaseAsync(CaseOf(journey), TestContext.Current.CancellationToken));
        Assert.Empty(await Store(host).ListAsync(CaseOf(journey), TestContext.Current.CancellationToken));
        Assert.Null(await host.Services.GetRequiredService<ISecurityResetEvidenceResolver>().ResolveAsync(CaseOf(journey), ids[0], TestContext.Current.CancellationToken));
    }

    private static async Task AssertRefusedAsync(ApiHost host, Journey journey, ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status, response.ToString());
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(code, response.Code);
        Assert.Empty(await Store(host).ListAsync(CaseOf(journey), TestContext.Current.CancellationToken));
    }

    private static Task<ApiHost> StartAsync(Action<SecurityResetApiOptions>? configure = null) =>
        ApiHost.StartAsync(configure ?? (_ => { }), services =>
        {
            services.Configure<SecurityResetOptions>(o => o.Evidence.MaxFileBytes = MaxFileBytes);
            services.AddSingleton<ISecurityResetEvidenceResolver, StoredEvidenceResolver>();
        }, kestrel: true);

    private static async Task<Journey> OpenAsync(ApiHost host)
    {
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        return journey;
    }

    private static InMemoryEvidenceStore Store(ApiHost host) => host.Services.GetRequiredService<InMemoryEvidenceStore>();

    private static CaseId CaseOf(Journey journey) => CaseId.TryParse(journey.CaseId, out var id) ? id : throw new InvalidOperationException(journey.CaseId);
}
