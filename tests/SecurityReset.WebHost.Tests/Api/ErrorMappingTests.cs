using System.Net;
using System.Reflection;
using SecurityReset.Validation;
using SecurityReset.WebHost.Api;
using SecurityReset.WebHost.Tests.TestSupport;

namespace SecurityReset.WebHost.Tests.Api;

public sealed class ErrorMappingTests(LockingFactory factory) : ApiTestBase(factory), IClassFixture<LockingFactory>
{
    public static TheoryData<string> AllCodes() =>
        [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!)];

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_library_error_code_has_a_status_in_the_table(string code)
    {
        Assert.True(ResetProblems.Statuses.ContainsKey(code), $"{code} is not in the mapping table");
        Assert.InRange(ResetProblems.Statuses[code], 400, 599);
    }

    [Fact]
    public async Task A_locked_account_is_429()
    {
        var journey = NewJourney();
        await journey.OpenAsync();
        Journey.Ok(await journey.PostAsync("/api/case/items", new { items = new[] { "Phone" } }));
        Journey.Ok(await journey.PostAsync("/api/case/codes", new { target = "BoundEmail" }));
        var wrong = journey.LastCode() == "000000" ? "000001" : "000000";

        Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = wrong }), HttpStatusCode.UnprocessableEntity, "code.invalid");
        Refused(await journey.PostAsync("/api/case/codes/verify", new { target = "BoundEmail", code = journey.LastCode() }), HttpStatusCode.TooManyRequests, "account.locked");
    }
}
