using System.Net;
using SecurityReset.WebHost.Tests.Browser;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

/// <summary>Body limits are Kestrel's: these run against the host on a real loopback port.</summary>
public sealed class BodyLimitTests : IClassFixture<KestrelFactory>
{
    private readonly KestrelFactory _factory;
    private readonly ApiClient _api;

    public BodyLimitTests(KestrelFactory factory)
    {
        _factory = factory;
        var client = new HttpClient { BaseAddress = factory.Start() };
        _api = new ApiClient(client);
    }

    [Fact]
    public async Task A_json_step_larger_than_64_KiB_is_413_with_a_problem()
    {
        var journey = new Journey(_factory, _api, TestAccounts.Add(_factory.Directory));
        await journey.OpenAsync();
        var items = string.Join(',', Enumerable.Repeat("\"Email\"", 10_000));

        var response = await _api.PostRawAsync("/api/case/items", journey.Token, $$"""{"items":[{{items}}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("request.invalid", response.Code);
    }

    [Fact]
    public async Task An_upload_endpoint_takes_a_larger_body()
    {
        var journey = new Journey(_factory, _api, TestAccounts.Add(_factory.Directory));
        await journey.OpenAsync();
        var pdf = new byte[200 * 1024];
        SampleFiles.Pdf().CopyTo(pdf, 0);

        var stored = await _api.UploadAsync(journey.Token, pdf);

        Assert.Equal(HttpStatusCode.Created, stored.Status);
    }
}
