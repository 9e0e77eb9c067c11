namespace SecurityReset;

/// <summary>Masks contacts for screens, logs and stored statements: enough to recognise, not enough to use.</summary>
internal static class ContactMask
{
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return string.Empty;
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return "***";
        }

        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var tld = dot >= 0 ? domain[dot..] : string.Empty;
        return $"{email[0]}***@{domain[0]}***{tld}";
    }

    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        return phone.Length <= 4 ? "***" : $"***{phone[^2..]}";
    }
}
