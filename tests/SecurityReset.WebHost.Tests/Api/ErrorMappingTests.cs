using System.Net;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class ErrorMappingTests(LockingFactory factory) : ApiTestBase(factory), IClassFixture<LockingFactory>
{
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
