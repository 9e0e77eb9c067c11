using SecurityReset.Cases;
using SecurityReset.Service;

namespace SecurityReset.ConsoleHost.Tests;

public sealed class CommandLineTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task No_arguments_runs_the_walkthrough_and_exits_with_zero()
    {
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync([], Terminal.Plain(output), TextReader.Null, echoInput: false, Start);
        Assert.Equal(0, exit);
        Assert.Contains("All 8 scenarios ended as expected.", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-case-id")]
    [InlineData("")]
    public async Task Status_of_an_unknown_case_prints_case_not_found(string id)
    {
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["status", id], Terminal.Plain(output), TextReader.Null, echoInput: false, Start);
        Assert.Equal(1, exit);
        Assert.StartsWith("case.not_found: ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_of_an_empty_store_lists_nothing_and_says_why()
    {
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["review"], Terminal.Plain(output), TextReader.Null, echoInput: false, Start);
        Assert.Equal(0, exit);
        Assert.Contains("0 case(s) waiting", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("SQLite", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_review_see_the_cases_of_their_store()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = SampleHost.Create(Start);
        var account = DemoAccounts.AdvancedKyc;
        var opened = await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), cancellationToken: ct);
        var id = opened.View!.Id;
        await host.Service.SelectItemsAsync(id, SecurityItems.Phone, cancellationToken: ct);
        host.IdentityChecks.RegisterFaceScan(account.Id, "s1", passed: true);
        await host.Service.RecordFaceScanAsync(id, "s1", cancellationToken: ct);
        await host.Service.SubmitAsync(id, cancellationToken: ct);

        using var status = new StringWriter();
        Assert.Equal(0, await Commands.StatusAsync(Terminal.Plain(status), host, id.ToString()));
        Assert.Contains($"case {id}: Submitted v4", status.ToString(), StringComparison.Ordinal);
        Assert.Contains("facescan.passed", status.ToString(), StringComparison.Ordinal);

        using var review = new StringWriter();
        Assert.Equal(0, await Commands.ReviewAsync(Terminal.Plain(review), host));
        Assert.Contains("1 case(s) waiting", review.ToString(), StringComparison.Ordinal);
        Assert.Contains(id.ToString(), review.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help", 0)]
    [InlineData("--bogus", 2)]
    public async Task Help_and_unknown_arguments_print_the_usage(string argument, int expected)
    {
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync([argument], Terminal.Plain(output), TextReader.Null, echoInput: false, Start);
        Assert.Equal(expected, exit);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }
}
