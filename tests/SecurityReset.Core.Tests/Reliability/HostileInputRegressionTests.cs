
namespace SecurityReset.Tests.Reliability;

/// <summary>The inputs the hostile-input fuzzer found, one named case each.</summary>
public sealed class HostileInputRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(World W, CaseId Id)> InIdentityStepAsync()
    {
        var w = new World();
        var id = (await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web), cancellationToken: Ct)).View!.Id;
        Assert.True((await w.Service.SelectItemsAsync(id, SecurityItems.All, cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.AnswerQuestionnaireAsync(id, World.Answers(), cancellationToken: Ct)).Succeeded);
        Assert.True((await w.Service.ProvideProofsAsync(id, World.Proofs(), cancellationToken: Ct)).Succeeded);
        return (w, id);
    }

    [Fact]
    public async Task A_document_number_with_a_lone_surrogate_is_refused_not_thrown()
    {
        // Not a theory: theory data is serialised, and a lone surrogate does not survive that.
        foreach (var number in new[] { "\ud800", "L01\udc00X", "X\udc00\ud800" })
        {
            var (w, id) = await InIdentityStepAsync();
            var before = w.Stored(id);

            var result = await w.Service.SubmitDocumentAsync(id, World.Document(number), cancellationToken: Ct);

            Assert.Equal(ErrorCodes.DocumentInvalid, result.ErrorCode);
            Assert.Equal(before, w.Stored(id));
        }
    }

    [Fact]
    public async Task Ill_formed_text_is_never_stored_in_a_case()
    {
        var (w, id) = await InIdentityStepAsync();
        var before = w.Stored(id);

        Assert.Equal(ErrorCodes.TermsVersionInvalid, (await w.Service.AcceptTermsAsync(id, "2026-11\ud800", cancellationToken: Ct)).ErrorCode);
        Assert.Equal(ErrorCodes.StatementReasonMissing, (await w.Service.SubmitVideoAsync(id, w.Video(Accounts.AliceId) is var v ? v with { Statement = v.Statement with { Reason = "lost \udfff" } } : null!, cancellationToken: Ct)).ErrorCode);
        Assert.Equal(before, w.Stored(id));
        Assert.True((await w.Service.AcceptTermsAsync(id, "2026-11 😀", cancellationToken: Ct)).Succeeded); // a proper pair is fine
    }
}
