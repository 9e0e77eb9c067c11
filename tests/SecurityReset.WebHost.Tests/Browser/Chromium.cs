using Microsoft.Playwright;

namespace SecurityReset.WebHost.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright without any browser download: <c>ExecutablePath</c> points at
/// /usr/bin/chromium (<c>apt-get install chromium</c>, or <c>bash .ci/chromium.sh</c>). Under CI (CI=true) a
/// missing Chromium fails the test; elsewhere it skips with one line saying why.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    public static void RequireOrSkip()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"Chromium is missing at {ExecutablePath}; CI must install it first (bash .ci/chromium.sh).");
        }

        Assert.Skip($"Chromium is not installed at {ExecutablePath} (apt-get install chromium, or bash .ci/chromium.sh).");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
}
