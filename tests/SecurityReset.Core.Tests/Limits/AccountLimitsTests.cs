using FsCheck;
using FsCheck.Xunit;
using SecurityReset.Limits;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Limits;

/// <summary>The account's limits and the guard payload that holds them.</summary>
public sealed class AccountLimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// The rule the window is exact by: whatever the times of the attempts, a factor's failures are evaluated only while
    /// it is not locked, and then no interval one window long ever holds more than the budget of them.
    /// </summary>
    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public bool No_interval_one_window_long_holds_more_evaluated_failures_than_the_budget(PositiveInt budgetPick, NonEmptyArray<NonNegativeInt> gaps)
    {
        var options = Options(budget: (budgetPick.Get % 7) + 1);
        var limits = AccountLimits.None;
        var now = T0;
        var evaluated = new List<DateTimeOffset>();
        foreach (var gap in gaps.Get)
        {
            // Gaps from seconds to over a day, so runs both fill up and pass.
            now += TimeSpan.FromSeconds(gap.Get % 7 == 0 ? gap.Get * 997 : gap.Get % 600);
            if (limits.LockedUntil(AccountFactor.BoundEmail, now, options) is null)
            {
                limits = AccountLimits.Of(new AccountGuard("U-1", 1, limits.Failed(AccountFactor.BoundEmail, now, Window).Write()));
                evaluated.Add(now);
            }
        }

        return evaluated.Select((start, i) => evaluated.Skip(i).Count(t => t < start + Window)).DefaultIfEmpty().Max() <= options.Lockout.MaxFailuresPerFactor;
    }

    [Fact]
    public void The_failure_that_spends_a_budget_locks_its_factor_alone_for_a_whole_window_and_the_count_then_starts_again()
    {
        var options = Options(budget: 3);
        var limits = AccountLimits.None;
        for (var i = 0; i < 3; i++)
        {
            limits = limits.Failed(AccountFactor.Authenticator, T0.AddMinutes(10 * i), Window);
        }

        var spent = T0.AddMinutes(20);
        Assert.Equal(spent + Window, limits.LockedUntil(AccountFactor.Authenticator, spent, options));
        Assert.Equal(spent + Window, limits.LockedUntil(AccountFactor.Authenticator, spent + Window - TimeSpan.FromTicks(1), options));
        Assert.Null(limits.LockedUntil(AccountFactor.BoundEmail, spent, options));
        Assert.Null(limits.LockedUntil(AccountFactor.Authenticator, spent + Window, options));
        Assert.Equal(0, limits.Failures(AccountFactor.Authenticator, spent + Window, Window));
        Assert.Equal(1, limits.Failed(AccountFactor.Authenticator, spent + Window, Window).Failures(AccountFactor.Authenticator, spent + Window, Window));
    }

    [Fact]
    public void Failures_a_window_apart_start_a_new_count_and_closer_ones_add_up()
    {
        var limits = AccountLimits.None.Failed(AccountFactor.BoundPhone, T0, Window);
        limits = limits.Failed(AccountFactor.BoundPhone, T0 + Window - TimeSpan.FromSeconds(1), Window);
        Assert.Equal(2, limits.Failures(AccountFactor.BoundPhone, T0 + Window, Window));

        limits = limits.Failed(AccountFactor.BoundPhone, T0 + Window + Window, Window);
        Assert.Equal(1, limits.Failures(AccountFactor.BoundPhone, T0 + Window + Window, Window));
    }

    [Fact]
    public void The_face_scan_has_its_own_budget()
    {
        var options = Options(budget: 100);
        options.FaceScan.MaxFailuresPerAccount = 2;
        var limits = AccountLimits.None.Failed(AccountFactor.FaceScan, T0, Window).Failed(AccountFactor.FaceScan, T0, Window);

        Assert.NotNull(limits.LockedUntil(AccountFactor.FaceScan, T0, options));
        Assert.Equal(2, AccountLimits.Budget(AccountFactor.FaceScan, options));
        Assert.Equal(100, AccountLimits.Budget(AccountFactor.NewContact, options));
    }

    [Fact]
    public void A_destination_takes_its_codes_of_the_window_and_an_account_its_new_contacts()
    {
        var options = Options(budget: 100);
        options.Codes.MaxPerDestinationPerAccount = 2;
        options.Codes.MaxNewContactsPerAccount = 2;
        var phone = new SendDestination(AccountLimits.PhoneSendsKey);
        var (a, b, c) = (NewContact("a"), NewContact("b"), NewContact("c"));

        var limits = AccountLimits.None.Sent(phone, T0, Window).Sent(phone, T0, Window);
        Assert.False(limits.MaySend(phone, T0, options));
        Assert.True(limits.MaySend(new SendDestination(AccountLimits.EmailSendsKey), T0, options));
        Assert.True(limits.MaySend(phone, T0 + Window, options));

        limits = limits.Sent(a, T0, Window).Sent(b, T0.AddHours(1), Window);
        Assert.True(limits.MaySend(a, T0, options));
        Assert.False(limits.MaySend(c, T0.AddHours(1), options));
        Assert.True(limits.MaySend(c, T0 + Window, options)); // a's count passed; b's still runs
        Assert.False(limits.Sent(c, T0 + Window, Window).MaySend(a, T0 + Window, options));
    }

    [Fact]
    public void Clearing_a_factor_forgets_its_failures_only()
    {
        var limits = AccountLimits.None
            .Failed(AccountFactor.BoundEmail, T0, Window)
            .Failed(AccountFactor.Authenticator, T0, Window)
            .Sent(new SendDestination(AccountLimits.EmailSendsKey), T0, Window)
            .Cleared(AccountFactor.Authenticator, T0, Window);

        Assert.Equal(0, limits.Failures(AccountFactor.Authenticator, T0, Window));
        Assert.Equal(1, limits.Failures(AccountFactor.BoundEmail, T0, Window));
        Assert.Equal(1, limits.Sends(new SendDestination(AccountLimits.EmailSendsKey), T0, Window));
    }

    [Fact]
    public void The_payload_is_short_ascii_that_reads_back_to_the_same_limits_and_holds_no_address()
    {
        var contact = NewContact("fresh.start@example.org");
        var limits = AccountLimits.None
            .Failed(AccountFactor.BoundEmail, T0, Window)
            .Failed(AccountFactor.FaceScan, T0.AddSeconds(1), Window)
            .Sent(contact, T0.AddSeconds(2), Window)
            .WithTotpStep(59_000_123);

        var payload = limits.Write();

        Assert.StartsWith("v1;t:59000123;", payload, StringComparison.Ordinal);
        Assert.All(payload, c => Assert.InRange(c, ' ', '~'));
        Assert.DoesNotContain("example", payload, StringComparison.Ordinal);
        var read = AccountLimitsFormat.Read(payload);
        Assert.Equal(payload, read.Write());
        Assert.Equal(limits.Runs, read.Runs);
        Assert.Equal(59_000_123, read.LastAcceptedTotpStep);
        Assert.Same(AccountLimits.None, AccountLimits.Of(AccountGuard.New("U-1")));
        Assert.Same(AccountLimits.None, AccountLimits.Of(null));
    }

    [Fact]
    public void The_fullest_limits_the_options_allow_fit_in_the_payload()
    {
        var limits = AccountLimits.None.WithTotpStep(long.MinValue);
        var late = DateTimeOffset.MaxValue - TimeSpan.FromDays(31);
        foreach (var factor in Enum.GetValues<AccountFactor>())
        {
            for (var i = 0; i < 100; i++)
            {
                limits = limits.Failed(factor, late, Window);
            }
        }

        var destinations = new[] { new SendDestination(AccountLimits.EmailSendsKey), new SendDestination(AccountLimits.PhoneSendsKey) }
            .Concat(Enumerable.Range(0, 20).Select(i => NewContact($"contact-{i}@example.org")));
        foreach (var to in destinations)
        {
            for (var i = 0; i < 100; i++)
            {
                limits = limits.Sent(to, late, Window);
            }
        }

        var payload = limits.Write();
        Assert.InRange(payload.Length, 1, AccountLimitsFormat.MaxLength);
        Assert.Equal(payload, AccountLimitsFormat.Read(payload).Write());
    }

    [Theory]
    [InlineData("")]
    [InlineData("v2")]
    [InlineData("v1;")]
    [InlineData("v1;fe:1")]
    [InlineData("v1;fe:0:638000000000000000")]
    [InlineData("v1;fe:01:638000000000000000")]
    [InlineData("v1;fe:-1:638000000000000000")]
    [InlineData("v1;fe:1:-638000000000000000")]
    [InlineData("v1;fe:1:99999999999999999999")]
    [InlineData("v1;fe:1:1;fe:2:2")]
    [InlineData("v1;xx:1:1")]
    [InlineData("v1;sn.:1:1")]
    [InlineData("v1;sn.a b:1:1")]
    [InlineData("v1;fe:1:1;t:5")]
    [InlineData("v1;t:5;t:6")]
    [InlineData("v1;t:-0")]
    [InlineData("v1;t: 5")]
    [InlineData("V1")]
    public void A_payload_the_library_did_not_write_is_refused(string payload) =>
        Assert.Throws<InvalidDataException>(() => AccountLimitsFormat.Read(payload));

    private static SendDestination NewContact(string address) =>
        SendDestination.Of(VerificationTarget.NewContact, new PersonalDataProtector(new SecretKeyring(Reliability.World.SecretKey)).Protect(ContactKind.Email, address));

    private static SecurityResetOptions Options(int budget)
    {
        var options = new SecurityResetOptions();
        options.Lockout.MaxFailuresPerFactor = budget;
        options.Lockout.Window = Window;
        return options;
    }
}
