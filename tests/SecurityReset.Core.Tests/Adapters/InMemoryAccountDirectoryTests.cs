using SecurityReset.InMemory;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Adapters;

public sealed class InMemoryAccountDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reset_for_an_account_that_does_not_exist_fails_on_every_try_and_is_never_recorded_as_applied()
    {
        // The dispatcher retries a failed reset: the retry of a stand-in's reset must fail again, not pass as "applied once".
        var directory = new InMemoryAccountDirectory();
        var instruction = new ResetInstruction(CaseId.New(), "~stand-in", SecurityItems.Authenticator, null, null, DateTimeOffset.UnixEpoch);

        await Assert.ThrowsAsync<InvalidOperationException>(() => directory.ApplyResetAsync(instruction, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => directory.ApplyResetAsync(instruction, Ct));
        Assert.Empty(directory.AppliedResets);
    }

    [Fact]
    public async Task A_reset_is_applied_once_per_case()
    {
        var directory = new InMemoryAccountDirectory().Add(new AccountRecord("U1", "ada@example.com", "+14155550100", AuthenticatorBound: true, KycLevel.None, null));
        var caseId = CaseId.New();

        await directory.ApplyResetAsync(new ResetInstruction(caseId, "U1", SecurityItems.Phone, ContactKind.Phone, "+14155550199", DateTimeOffset.UnixEpoch), Ct);
        await directory.ApplyResetAsync(new ResetInstruction(caseId, "U1", SecurityItems.Phone, ContactKind.Phone, "+14155550111", DateTimeOffset.UnixEpoch), Ct);

        Assert.Equal("+14155550199", directory.Find("U1")!.Phone);
        Assert.Single(directory.AppliedResets);
    }
}
