using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using System.Reflection;
using SecurityReset.WebHost.Api;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class ErrorMappingTests(LockingFactory factory) : ApiTestBase(factory), IClassFixture<LockingFactory>
{
    /// <summary>The status of each kind, as docs/webhost.md documents it.</summary>
    private static readonly Dictionary<ErrorKind, int> Documented = new()
    {
        [ErrorKind.Malformed] = 400,
        [ErrorKind.Denied] = 403,
        [ErrorKind.NotFound] = 404,
        [ErrorKind.Conflict] = 409,
        [ErrorKind.Gone] = 410,
        [ErrorKind.Refused] = 422,
        [ErrorKind.RetryLater] = 429,
        [ErrorKind.Quarantined] = 423,
    };

    public static TheoryData<string> AllCodes() =>
        [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void Every_kind_has_its_documented_status()
    {
        Assert.Equal(Enum.GetValues<ErrorKind>().Order(), Documented.Keys.Order());
        Assert.All(Documented, pair => Assert.Equal(pair.Value, ResetProblems.StatusOf(pair.Key)));
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public async Task Every_library_error_code_is_a_problem_with_its_kind_and_the_kind_s_status(string code)
    {
        var error = new ResetError(code, "The message.");
        var http = new DefaultHttpContext { RequestServices = Factory.Services, Response = { Body = new MemoryStream() } };

        await ResetProblems.Problem(error).ExecuteAsync(http);

        Assert.Equal(Documented[error.Kind], http.Response.StatusCode);
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(error.Kind.ToString(), problem.RootElement.GetProperty("kind").GetString());
        Assert.Equal(ResetProblems.TypePrefix + code, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("The message.", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_locked_account_is_429()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Phone" } }));
        var code = await journey.RequestCodeAsync("BoundEmail");
        var wrong = code == "000000" ? "000001" : "000000";

        Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = wrong }), HttpStatusCode.UnprocessableEntity, "code.invalid");
        Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code }), HttpStatusCode.TooManyRequests, "account.locked");
    }
}
