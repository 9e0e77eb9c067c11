using System.Globalization;

namespace SecurityReset.Ports;

/// <summary>Where a review-queue page ended: the last case's submission time and id. Immutable.</summary>
/// <param name="SubmittedAt">The last case's submission time.</param>
/// <param name="Id">The last case's id (ties on time are ordered by id).</param>
public sealed record ReviewQueueCursor(DateTimeOffset SubmittedAt, CaseId Id)
{
    /// <summary>The opaque text form for APIs.</summary>
    /// <returns>The cursor as text.</returns>
    public override string ToString() =>
        $"{SubmittedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id}";

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cursor">The cursor.</param>
    /// <returns>Whether <paramref name="text"/> is a cursor.</returns>
    public static bool TryParse(string? text, out ReviewQueueCursor? cursor)
    {
        cursor = null;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !CaseId.TryParse(text![(dot + 1)..], out var id))
        {
            return false;
        }

        cursor = new ReviewQueueCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
