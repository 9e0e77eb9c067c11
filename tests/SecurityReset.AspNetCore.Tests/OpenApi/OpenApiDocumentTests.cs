using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.OpenApi;

/// <summary>
/// The OpenAPI document generated from the endpoints is checked in, so that an API change shows as a diff. Set
/// SECURITYRESET_UPDATE_OPENAPI=1 to write the generated document over the checked-in one.
/// </summary>
public sealed class OpenApiDocumentTests
{
    public const string UpdateVariable = "SECURITYRESET_UPDATE_OPENAPI";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_generated_document_equals_the_checked_in_file()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client.GetAsync("/openapi/securityreset.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        document.Remove("servers"); // the test server's address, not part of the API
        var generated = document.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        var path = Path.Combine(RepositoryRoot(), "src", "SecurityReset.AspNetCore", "openapi", "securityreset.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, generated, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {UpdateVariable}=1 to write it.");
        var checkedIn = (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");
        Assert.True(checkedIn == generated, $"The API changed: run the tests with {UpdateVariable}=1 and commit the new {path}.");

        // The document describes what the package maps.
        var paths = document["paths"]!.AsObject();
        Assert.Contains("/security-reset/cases", paths.Select(p => p.Key));
        Assert.Contains("/security-reset/review/cases/{caseId}/approve", paths.Select(p => p.Key));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecurityReset.Core.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (SecurityReset.Core.sln) is not above the test assembly.");
    }
}
