using SecurityReset.Cases;
using SecurityReset.Service;
using SecurityReset.Validation;
using SecurityReset.Verification;

namespace SecurityReset.Tests.Reliability;

/// <summary>The faults the fault-injection suite found, one named case each.</summary>
public sealed class FaultRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<FaultWorld> InVerificationAsync()
    {
        var w = new FaultWorld();
        w.Plan.Disarm();
        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct);
        w.Case = opened.View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(w.Case, SecurityItems.Authenticator, cancellationToken: Ct)).Succeeded);
        return w;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_after_a_failed_delivery_sends_the_code()
    {
        var w = await InVerificationAsync();
        using var cancel = new CancellationTokenSource();
        w.Plan.Arm(failAt: 4, FaultKind.TimesOut, cancel); // load, save, directory lookup, messenger
        var first = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);
        Assert.Equal("messenger.SendCode", w.Plan.FiredAt);
        Assert.Equal(ErrorCodes.DeliveryFailed, first.ErrorCode);

        var retry = await w.Service.RequestCodeAsync(w.Case, VerificationTarget.BoundEmail, "key-1", Ct);

        Assert.True(retry.Succeeded, retry.ErrorCode);
        Assert.Single(w.Messenger.Delivered);
        Assert.Equal(1, w.World.Load(w.Case)!.Challenge(VerificationTarget.BoundEmail)!.CodesIssued);
    }
}
