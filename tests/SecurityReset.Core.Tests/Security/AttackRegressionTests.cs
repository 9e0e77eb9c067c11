using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Tests.Reliability;

namespace SecurityReset.Tests.Security;

/// <summary>Attacks tried against the public API, one named test each: every one failed before its fix.</summary>
public sealed class AttackRegressionTests
{
    public static TheoryData<string, string> WeakKeys => new()
    {
        { "one byte value", Convert.ToBase64String(new byte[32]) },
        { "one byte value, long", Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, 64).ToArray()) },
        { "a short pattern", Convert.ToBase64String(Enumerable.Range(0, 48).Select(i => (byte)(i % 4)).ToArray()) },
        { "a repeated word", Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abab", 10)))) },
    };

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public void Weak_key_a_secret_key_of_a_repeated_value_or_pattern_is_refused_at_start_up_without_being_quoted(string shape, string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Construct(key));

        Assert.Equal(["SecretKey is not random: it repeats one byte value or a short pattern. Draw it from a cryptographic random source."], error.Failures);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(shape));
    }

    [Fact]
    public void Weak_key_random_keys_and_typed_passphrases_of_enough_length_are_accepted()
    {
        for (var i = 0; i < 200; i++)
        {
            Construct(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecurityResetOptions.MinimumSecretKeyBytes)));
        }

        Construct(Convert.ToBase64String(Encoding.ASCII.GetBytes("correct horse battery staple, twice")));
    }

    [Fact]
    public async Task Squatting_a_case_left_past_its_lifetime_no_longer_blocks_the_owner_even_when_no_expiry_job_runs()
    {
        var w = new World();
        var squatted = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(squatted.Succeeded, squatted.ErrorCode);
        var owner = OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.App, EntryPoint.ForgotPassword);

        w.Clock.Advance(w.Options.Lifetimes.Case + TimeSpan.FromSeconds(1));
        var opened = await w.Service.OpenTrackedAsync(owner, cancellationToken: Ct);

        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.NotEqual(squatted.View!.Id, opened.View!.Id);
        Assert.Equal(CaseState.Expired, w.Load(squatted.View.Id)!.State);
        Assert.Contains(w.Events(squatted.View.Id), e => e.Type == "case.expired");
    }

    [Fact]
    public async Task Squatting_a_case_past_its_lifetime_reads_as_expired_before_the_job_runs()
    {
        var w = new World();
        var squatted = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        w.Clock.Advance(w.Options.Lifetimes.Case);

        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseAsync(squatted.View!.Id, Ct)).View!.State);
        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseForReviewAsync(squatted.View.Id, Ct)).View!.State);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Budget_bypass_verifying_the_applicants_own_new_contact_gives_back_no_failed_guesses_across_cancel_and_reopen()
    {
        var w = new World();
        var right = w.Totp(Accounts.AliceSecret);
        var wrong = right == "000000" ? "111111" : "000000";
        var evaluated = 0;
        var locked = false;
        for (var round = 0; round < 30 && !locked; round++)
        {
            // Five wrong authenticator codes, then cancel.
            var guessing = await OpenSignedOutAsync(w, SecurityItems.Email | SecurityItems.Phone);
            for (var i = 0; i < 5; i++)
            {
                var answer = await w.Service.VerifyAuthenticatorAsync(guessing, wrong, cancellationToken: Ct);
                evaluated += answer.ErrorCode == ErrorCodes.CodeInvalid ? 1 : 0;
                locked |= answer.ErrorCode == ErrorCodes.AccountLocked;
            }

            await w.Service.CancelAsync(guessing, cancellationToken: Ct);
            if (locked)
            {
                break;
            }

            // A case that verifies a code at the attacker's own address, then cancel.
            var resetting = await OpenSignedOutAsync(w, SecurityItems.All);
            await w.Service.AnswerQuestionnaireAsync(resetting, World.Answers(), cancellationToken: Ct);
            await w.Service.ProvideProofsAsync(resetting, World.Proofs(), cancellationToken: Ct);
            await w.Service.SetNewContactAsync(resetting, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct);
            await w.Service.RequestCodeAsync(resetting, VerificationTarget.NewContact, cancellationToken: Ct);
            var own = await w.Service.VerifyCodeAsync(resetting, VerificationTarget.NewContact, w.LastCodeTo(resetting, Accounts.NewEmailA)!, cancellationToken: Ct);
            await w.Service.CancelAsync(resetting, cancellationToken: Ct);
            if (own.ErrorCode == ErrorCodes.AccountLocked)
            {
                locked = true; // the last guess spent the budget: every code check is refused now, the attacker's own too
                break;
            }

            Assert.True(own.Succeeded, own.ErrorCode);
            w.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Report.Line($"budget bypass: {evaluated} wrong authenticator guesses evaluated before the account locked (budget {w.Options.Lockout.MaxFailedAttempts} per {w.Options.Lockout.Duration})");
        Assert.True(locked, "the account never locked");
        Assert.Equal(w.Options.Lockout.MaxFailedAttempts, evaluated);
        Assert.Equal(w.Options.Lockout.MaxFailedAttempts, w.Guard(Accounts.AliceId)!.ConsecutiveFailures);
    }

    private static async Task<CaseId> OpenSignedOutAsync(World w, SecurityItems lost)
    {
        var opened = await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.True((await w.Service.SelectItemsAsync(opened.View!.Id, lost, cancellationToken: Ct)).Succeeded);
        return opened.View.Id;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SecurityResetService Construct(string key) => new(
        Options.Create(new SecurityResetOptions { SecretKey = key }),
        new InMemoryResetCaseStore(),
        new RecordingMessenger(),
        new InMemoryIdentityChecks(),
        new InMemoryAccountDirectory(),
        new FakeTimeProvider());
}
