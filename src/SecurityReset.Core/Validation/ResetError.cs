namespace SecurityReset.Validation;

/// <summary>
/// Why a command was refused: a stable code to map to screens and translations, and an English message for
/// logs and developers. Neither ever contains a code, secret, contact or document number. Immutable.
/// </summary>
/// <param name="Code">A stable code from <see cref="ErrorCodes"/>.</param>
/// <param name="Message">A short English explanation.</param>
public sealed record ResetError(string Code, string Message);
