namespace SecurityReset.EntityFrameworkCore.Stores;

/// <summary>Turns stored UTC ticks back into times.</summary>
internal static class UtcTicks
{
    public static DateTimeOffset ToTime(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? ToTime(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
