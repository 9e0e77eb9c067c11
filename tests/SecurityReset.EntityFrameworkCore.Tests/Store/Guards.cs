using SecurityReset.Limits;
using SecurityReset.Ports;
using SecurityReset.Testing;

namespace SecurityReset.EntityFrameworkCore.Tests.Store;

/// <summary>Account guards as the library writes them, and their counts as it reads them back.</summary>
internal static class Guards
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A guard holding <paramref name="failures"/> failed authenticator codes.</summary>
    public static AccountGuard WithFailures(string accountId, long version, int failures)
    {
        var limits = AccountLimits.None;
        for (var i = 0; i < failures; i++)
        {
            limits = limits.Failed(AccountFactor.Authenticator, SampleCases.Start, Window);
        }

        return new AccountGuard(accountId, version, limits.Write());
    }

    /// <summary>The failed checks of a factor a stored guard holds, as of <paramref name="now"/> (the sample start when not given).</summary>
    public static int Failures(AccountGuard? guard, AccountFactor factor = AccountFactor.Authenticator, DateTimeOffset? now = null) =>
        AccountLimits.Of(guard).Failures(factor, now ?? SampleCases.Start, Window);
}
