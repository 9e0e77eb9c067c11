
namespace SecurityReset.ConsoleHost.Tests;

public sealed class CommandLineTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_arguments_runs_the_walkthrough_and_exits_with_zero()
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync([], Terminal.Plain(output), TextReader.Null, echoInput: false, Start, folder.Path);
        Assert.Equal(0, exit);
        Assert.Contains("All 9 scenarios ended as expected.", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(folder.Files); // the walkthrough keeps its file elsewhere
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-case-id")]
    [InlineData("")]
    public async Task Status_of_an_unknown_case_prints_case_not_found(string id)
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["status", id], Terminal.Plain(output), TextReader.Null, echoInput: false, Start, folder.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"{Environment.NewLine}case.not_found: ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_of_an_empty_store_lists_nothing_and_names_the_file()
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["review"], Terminal.Plain(output), TextReader.Null, echoInput: false, Start, folder.Path);
        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("0 case(s) waiting", text, StringComparison.Ordinal);
        Assert.Contains($"store: SQLite {folder.DatabasePath}", text, StringComparison.Ordinal);
        Assert.Contains($"secret key: {folder.KeyPath} (created now, owner-only); a real host keeps its key in a secret store", text, StringComparison.Ordinal);
        Assert.Equal([SampleHost.DatabaseFileName, SampleHost.KeyFileName], folder.Files);
    }

    [Fact]
    public async Task Status_and_review_see_the_cases_of_their_store()
    {
        using var folder = new TempFolder();
        await using var host = await SampleHost.CreateAsync(folder.Path, Start, cancellationToken: Ct);
        var account = DemoAccounts.AdvancedKyc;
        var opened = await host.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(account.Id, Channel.Web), cancellationToken: Ct);
        var access = opened.View!.Access!.Value;
        var id = access.CaseId;
        access = (await host.Service.SelectItemsAsync(access, SecurityItems.Phone, cancellationToken: Ct)).View?.Access ?? access;
        host.IdentityChecks.RegisterFaceScan(account.Id, id, "s1", passed: true);
        access = (await host.Service.RecordFaceScanAsync(access, "s1", cancellationToken: Ct)).View?.Access ?? access;
        Assert.True((await host.Service.SubmitAsync(access, cancellationToken: Ct)).Succeeded);

        using var status = new StringWriter();
        Assert.Equal(0, await Commands.StatusAsync(Terminal.Plain(status), host, id.ToString()));
        Assert.Contains($"case {id}: Submitted v5", status.ToString(), StringComparison.Ordinal); // the status read is on the trail
        Assert.Contains("case.reviewer_viewed", status.ToString(), StringComparison.Ordinal);
        Assert.Contains("facescan.passed", status.ToString(), StringComparison.Ordinal);
        Assert.Contains($"continue {id} takes it up again", status.ToString(), StringComparison.Ordinal);

        using var review = new StringWriter();
        Assert.Equal(0, await Commands.ReviewAsync(Terminal.Plain(review), host));
        Assert.Contains("1 case(s) waiting", review.ToString(), StringComparison.Ordinal);
        Assert.Contains(id.ToString(), review.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-case-id")]
    public async Task Continue_of_an_unknown_case_prints_case_not_found(string id)
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["continue", id], Terminal.Plain(output), TextReader.Null, echoInput: false, Start, folder.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"{Environment.NewLine}case.not_found: ", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help", 0)]
    [InlineData("--bogus", 2)]
    [InlineData("continue", 2)]
    public async Task Help_and_unknown_arguments_print_the_usage(string argument, int expected)
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        var exit = await CommandLine.RunAsync([argument], Terminal.Plain(output), TextReader.Null, echoInput: false, Start, folder.Path);
        Assert.Equal(expected, exit);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(SampleHost.DatabaseFileName, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(folder.Files);
    }
}
