using Microsoft.Extensions.Time.Testing;

namespace SecurityReset.Tests.TestSupport;

/// <summary>The fixed instant every test starts from, and fake clocks set to it.</summary>
internal static class TestClock
{
    /// <summary>A Monday morning in UTC, on a 30-second authenticator step boundary.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create(DateTimeOffset? start = null) => new(start ?? Start);
}
