using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Limits;
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
        var squatted = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        Assert.True(squatted.Succeeded, squatted.ErrorCode);
        var owner = OpenCaseRequest.SignedIn(Accounts.AliceId, Channel.Web);
        Assert.Equal(ErrorCodes.CaseAlreadyOpen, (await w.Service.OpenCaseAsync(owner, cancellationToken: Ct)).ErrorCode);

        w.Clock.Advance(w.Options.Lifetimes.Case + TimeSpan.FromSeconds(1));
        var opened = await w.Service.OpenCaseAsync(owner, cancellationToken: Ct);

        Assert.True(opened.Succeeded, opened.ErrorCode);
        Assert.NotEqual(squatted.View!.Id, opened.View!.Id);
        Assert.Equal(CaseState.Expired, w.Load(squatted.View.Id)!.State);
        Assert.Contains(w.Events(squatted.View.Id), e => e.Type == "case.expired");
    }

    [Fact]
    public async Task Squatting_a_case_past_its_lifetime_reads_as_expired_before_the_job_runs()
    {
        var w = new World();
        var squatted = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(Accounts.AliceEmail, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
        w.Clock.Advance(w.Options.Lifetimes.Case);

        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseAsync(squatted.View!.Id, Ct)).View!.State);
        Assert.Equal(CaseState.Expired, (await w.Service.GetCaseForReviewAsync(squatted.View.Id, Ct)).View!.State);
        Assert.Equal(0, await w.Service.ExpireCasesAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Budget_bypass_verifying_the_applicants_own_new_contact_gives_back_no_failed_guesses_across_cancel_and_reopen()
    {
        var w = new World();
        var evaluated = 0;
        var ownVerified = 0;
        var locked = false;
        for (var round = 0; round < 30 && !locked; round++)
        {
            // Five wrong authenticator codes, then cancel.
            var guessing = await OpenSignedOutAsync(w, SecurityItems.Email | SecurityItems.Phone);
            for (var i = 0; i < 5; i++)
            {
                var answer = await w.Service.VerifyAuthenticatorAsync(guessing, WrongTotp(w), cancellationToken: Ct);
                evaluated += answer.ErrorCode == ErrorCodes.CodeInvalid ? 1 : 0;
                locked |= answer.ErrorCode == ErrorCodes.AccountLocked;
            }

            await w.Service.CancelAsync(guessing, cancellationToken: Ct);
            if (locked)
            {
                break;
            }

            // A case that verifies a code at the attacker's own address, then cancel. The attacker's address gets
            // its codes of the window (Codes.MaxPerDestinationPerAccount), and none after.
            var resetting = await OpenSignedOutAsync(w, SecurityItems.All);
            await w.Service.AnswerQuestionnaireAsync(resetting, JunkAnswers, cancellationToken: Ct);
            await w.Service.ProvideProofsAsync(resetting, World.Proofs(), cancellationToken: Ct);
            await w.Service.SetNewContactAsync(resetting, ContactKind.Email, Accounts.NewEmailA, cancellationToken: Ct);
            var requested = await w.Service.RequestCodeAsync(resetting, VerificationTarget.NewContact, cancellationToken: Ct);
            if (requested.Succeeded)
            {
                var own = await w.Service.VerifyCodeAsync(resetting, VerificationTarget.NewContact, w.LastCodeTo(resetting, Accounts.NewEmailA)!, cancellationToken: Ct);
                Assert.True(own.Succeeded, own.ErrorCode);
                ownVerified++;
            }
            else
            {
                Assert.Equal(ErrorCodes.CodeSendLimitReached, requested.ErrorCode);
            }

            await w.Service.CancelAsync(resetting, cancellationToken: Ct);
            w.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Report.Line($"budget bypass: {evaluated} wrong authenticator guesses evaluated before the authenticator locked, {ownVerified} codes verified at the attacker's own address (budget {w.Options.Lockout.MaxFailuresPerFactor} per factor per {w.Options.Lockout.Window})");
        Assert.True(locked, "the authenticator never locked");
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, evaluated);
        Assert.Equal(w.Options.Lockout.MaxFailuresPerFactor, w.Failures(Accounts.AliceId, AccountFactor.Authenticator));
        Assert.Equal(w.Options.Codes.MaxPerDestinationPerAccount, ownVerified);
    }

    /// <summary>Answers nobody could know: the questionnaire's shape only.</summary>
    private static QuestionnaireAnswers JunkAnswers { get; } = new(["DOGE/EUR"], ["XYZ"], ["junk-address"], [], "guess", "nobody");

    /// <summary>A well-formed authenticator code that matches none of the steps the check accepts now.</summary>
    private static string WrongTotp(World w)
    {
        var now = w.Clock.GetUtcNow();
        var window = new[] { -1, 0, 1 }.Select(step => new OtpNet.Totp(Accounts.AliceSecret).ComputeTotp(now.AddSeconds(30 * step).UtcDateTime)).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !window.Contains(c));
    }

    private static async Task<CaseId> OpenSignedOutAsync(World w, SecurityItems lost, string identifier = Accounts.AliceEmail)
    {
        var opened = await w.Service.OpenCaseAsync(OpenCaseRequest.SignedOut(identifier, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
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
