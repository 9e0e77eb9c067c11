using System.Text.Json.Serialization;

namespace SecurityReset;

/// <summary>
/// Why a command was refused: a stable code to map to screens and translations, its kind to map to a coarser
/// answer (an HTTP status, a generic screen), and an English message for logs and developers. Neither ever
/// contains a code, secret, contact or document number. Immutable.
/// </summary>
/// <param name="Code">A stable code from <see cref="ErrorCodes"/>.</param>
/// <param name="Message">A short English explanation.</param>
public sealed record ResetError(string Code, string Message)
{
    /// <summary>A stable code from <see cref="ErrorCodes"/>.</summary>
    /// <exception cref="ArgumentException">The code is not one of <see cref="ErrorCodes"/>.</exception>
    public string Code { get; init => field = Known(value); } = Known(Code);

    /// <summary>The code's kind, as listed in <see cref="ErrorCodes"/>.</summary>
    [JsonIgnore]
    public ErrorKind Kind => ErrorCodes.TryGetKind(Code, out var kind) ? kind : throw new InvalidOperationException($"'{Code}' has no kind.");

    private static string Known(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ErrorCodes.TryGetKind(code, out _) ? code : throw new ArgumentException($"'{code}' is not a code in ErrorCodes.", nameof(code));
    }
}
