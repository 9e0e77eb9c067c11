using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecurityReset.AspNetCore.Problems;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Api;

public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task A_malformed_step_is_a_400_problem_with_the_code_kind_and_type()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();

        var problem = await journey.PostAsync("items", new { });

        AssertProblem(problem, HttpStatusCode.BadRequest, "request.invalid", "Malformed");
    }

    [Fact]
    public async Task A_step_the_state_does_not_allow_is_a_409_problem()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();

        var problem = await journey.PostAsync("submit");

        Assert.Equal(HttpStatusCode.Conflict, problem.Status);
        Assert.Equal("Conflict", problem.Body.GetProperty("kind").GetString());
        Assert.Equal(ErrorKind.Conflict, new ResetError(problem.Code!, "x").Kind);
    }

    [Fact]
    public async Task A_wrong_code_is_a_422_problem_that_carries_the_case_as_it_now_stands_without_the_credential()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        var code = await journey.RequestCodeAsync("BoundEmail", ContactKind.Email);
        var wrong = code == "000000" ? "111111" : "000000";

        var problem = await journey.PostAsync("codes/verify", new { target = "BoundEmail", code = wrong });

        AssertProblem(problem, HttpStatusCode.UnprocessableEntity, "code.invalid", "Refused");
        var view = problem.Body.GetProperty("case");
        Assert.Equal(journey.CaseId, view.GetProperty("id").GetString());
        Assert.False(view.TryGetProperty("access", out _));
        Assert.Null(problem.Handle);
    }

    [Fact]
    public async Task A_code_asked_again_within_the_cooldown_is_a_429_problem_with_Retry_After()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        Journey.Ok(await journey.PostAsync("codes", new { target = "BoundEmail" }));

        var problem = await journey.PostAsync("codes", new { target = "BoundEmail" });

        AssertProblem(problem, HttpStatusCode.TooManyRequests, "code.resend_too_soon", "RetryLater");
        var cooldown = host.Services.GetRequiredService<IOptions<SecurityResetOptions>>().Value.Codes.ResendCooldown;
        Assert.Equal(((long)Math.Ceiling(cooldown.TotalSeconds)).ToString(CultureInfo.InvariantCulture), problem.Headers["Retry-After"]);
    }

    [Fact]
    public async Task A_stale_handle_is_a_403_problem()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        var opened = await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("items", new { items = new[] { "Authenticator" } }));
        await journey.VerifyAsync("BoundEmail", ContactKind.Email);

        var problem = await host.GetAsync($"{Journey.Prefix}/case", opened.Handle);

        AssertProblem(problem, HttpStatusCode.Forbidden, "case.credential_invalid", "Denied");
    }

    /// <summary>The status of each kind, as docs/aspnetcore.md documents it.</summary>
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
        await using var host = await ApiHost.StartAsync();
        var error = new ResetError(code, "The message.");
        var http = new DefaultHttpContext { RequestServices = host.Services, Response = { Body = new MemoryStream() } };

        await ResetProblems.Of(http, error).ExecuteAsync(http);

        Assert.Equal(Documented[error.Kind], http.Response.StatusCode);
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(error.Kind.ToString(), problem.RootElement.GetProperty("kind").GetString());
        Assert.Equal(ResetProblems.TypePrefix + code, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("The message.", problem.RootElement.GetProperty("detail").GetString());
    }

    internal static void AssertProblem(ApiResponse problem, HttpStatusCode status, string code, string kind)
    {
        Assert.True(problem.Status == status, problem.ToString());
        Assert.Equal("application/problem+json", problem.MediaType);
        Assert.Equal(JsonValueKind.Object, problem.Body.ValueKind);
        Assert.Equal((int)status, problem.Body.GetProperty("status").GetInt32());
        Assert.Equal("urn:securityreset:error:" + code, problem.Body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.Body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.Body.GetProperty("detail").GetString()));
        Assert.Equal(code, problem.Code);
        Assert.Equal(kind, problem.Body.GetProperty("kind").GetString());
    }
}
