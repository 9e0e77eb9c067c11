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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SecurityResetService Construct(string key) => new(
        Options.Create(new SecurityResetOptions { SecretKey = key }),
        new InMemoryResetCaseStore(),
        new RecordingMessenger(),
        new InMemoryIdentityChecks(),
        new InMemoryAccountDirectory(),
        new FakeTimeProvider());
}
