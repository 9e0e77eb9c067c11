using System.Net;
using SecurityReset.AspNetCore.Tests.TestSupport;

namespace SecurityReset.AspNetCore.Tests.Api;

/// <summary>The wire shapes: flag sets as arrays of names, enums by name, no credential, no handle in a body.</summary>
public sealed class JsonShapeTests
{
    [Fact]
    public async Task Flag_sets_are_arrays_of_names_both_ways_and_the_open_answers_the_view_without_a_handle_in_its_body()
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());

        var opened = await journey.OpenAsync();
        var selected = Journey.Ok(await journey.PostAsync("items", new { items = new[] { "authenticator", "Phone" } }));

        Assert.Equal(["Email", "Phone", "Authenticator"], opened.Body.GetProperty("boundItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([], opened.Body.GetProperty("selectedItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Phone", "Authenticator"], selected.Body.GetProperty("selectedItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("VerifyingItems", selected.State);
        Assert.DoesNotContain(opened.Handle!, opened.Body.GetRawText(), StringComparison.Ordinal);
        Assert.False(opened.Body.TryGetProperty("caseToken", out _));
    }

    [Theory]
    [InlineData("""{"items":"Authenticator"}""")]
    [InlineData("""{"items":"Phone, Authenticator"}""")]
    [InlineData("""{"items":["Authenticator","Sideways"]}""")]
    [InlineData("""{"items":[4]}""")]
    [InlineData("""{"items":4}""")]
    public async Task A_flag_set_that_is_not_an_array_of_known_names_is_400_and_changes_nothing(string body)
    {
        await using var host = await ApiHost.StartAsync();
        var journey = new Journey(host, host.AddAccount());
        await journey.OpenAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Journey.Prefix}/case/items")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Reset-Case", journey.Handle);
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("request.invalid", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("SelectingItems", Journey.Ok(await journey.GetAsync()).State);
    }
}
