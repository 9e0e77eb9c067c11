using System.Diagnostics;

namespace SecurityReset.WebHost.Tests.TestSupport;

/// <summary>Bounded waits for what the host does in the background (the delivery loop).</summary>
public static class Eventually
{
    /// <summary>How long a test waits for the background before it fails: generous, since CI machines are shared and busy.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Patience"/>.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <returns>A task.</returns>
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, $"waited {Patience.TotalSeconds:0} s for {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
