namespace SecurityReset;

/// <summary>The shape check of a typed code: exactly the expected number of ASCII digits, nothing else.</summary>
internal static class CodeFormat
{
    public static bool IsDigits(string? code, int length)
    {
        if (code is null || code.Length != length)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
