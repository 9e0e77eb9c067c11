using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public abstract class ApiTestBase(WebHostFactory factory)
{
    protected WebHostFactory Factory => factory;

    // An app's client: it keeps no cookies, so the handle it holds is the header's alone.
    protected ApiClient Api { get; } = new(factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }));

    protected Journey NewJourney(bool authenticator = true) => new(factory, Api, TestAccounts.Add(factory.Directory, authenticator));

    /// <summary>Asserts a problem: the status, the code in extensions and in the type, the code's kind, the problem media type.</summary>
    protected static ApiResponse Refused(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status && response.Code == code, $"expected {(int)status} {code}, got {response}");
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:securityreset:error:" + code, response.Body.GetProperty("type").GetString());
        Assert.Equal((int)status, response.Body.GetProperty("status").GetInt32());
        Assert.Equal(new ResetError(code, "-").Kind.ToString(), response.Body.GetProperty("kind").GetString());
        return response;
    }
}
