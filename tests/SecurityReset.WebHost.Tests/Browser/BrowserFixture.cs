using Microsoft.Playwright;

namespace SecurityReset.WebHost.Tests.Browser;

/// <summary>One host on Kestrel and one headless Chromium, shared by the browser tests of a class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public KestrelFactory Factory { get; } = new();

    public Uri Base { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium was not started.");

    /// <summary>Where the screenshots go: <c>WEBHOST_SCREENSHOTS</c>, else <c>screenshots</c> beside the test assembly.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("WEBHOST_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium.ExecutablePath))
        {
            return; // each test skips, or fails under CI
        }

        Base = Factory.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}
