using System.Globalization;
using SecurityReset.Ports;

namespace SecurityReset.ConsoleHost;

/// <summary>How the sample shows personal data and times.</summary>
internal static class Display
{
    /// <summary>An address with most of it hidden, as the library masks it: <c>j***@e***.com</c>, <c>***01</c>.</summary>
    /// <param name="kind">Email or phone.</param>
    /// <param name="address">The address.</param>
    /// <returns>The masked address.</returns>
    public static string Mask(ContactKind kind, string? address) => kind == ContactKind.Email ? MaskEmail(address) : MaskPhone(address);

    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "-";
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return "***";
        }

        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var tld = dot > 0 ? domain[dot..] : string.Empty;
        return $"{email[0]}***@{domain[0]}***{tld}";
    }

    public static string MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "-";
        }

        return phone.Length <= 4 ? "***" : $"***{phone[^2..]}";
    }

    /// <summary>The account's bound items, in words.</summary>
    /// <param name="account">The account, or <see langword="null"/>.</param>
    /// <returns>For example <c>email j***@e***.com, phone +44*******01, authenticator</c>.</returns>
    public static string Bound(AccountRecord? account)
    {
        if (account is null)
        {
            return "(no such account)";
        }

        var parts = new List<string>();
        if (account.Email is not null)
        {
            parts.Add($"email {MaskEmail(account.Email)}");
        }

        if (account.Phone is not null)
        {
            parts.Add($"phone {MaskPhone(account.Phone)}");
        }

        if (account.AuthenticatorBound)
        {
            parts.Add("authenticator");
        }

        return parts.Count == 0 ? "nothing bound" : string.Join(", ", parts);
    }

    /// <summary>The items bound to an account.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The items.</returns>
    public static SecurityItems BoundItems(AccountRecord? account) =>
        account is null ? SecurityItems.None
        : (account.Email is null ? SecurityItems.None : SecurityItems.Email)
          | (account.Phone is null ? SecurityItems.None : SecurityItems.Phone)
          | (account.AuthenticatorBound ? SecurityItems.Authenticator : SecurityItems.None);

    /// <summary>Items in words: <c>Email, Phone, Authenticator</c> rather than <c>All</c>.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The words.</returns>
    public static string Items(SecurityItems items)
    {
        if (items == SecurityItems.None)
        {
            return "none";
        }

        var parts = new List<string>(3);
        foreach (var item in (ReadOnlySpan<SecurityItems>)[SecurityItems.Email, SecurityItems.Phone, SecurityItems.Authenticator])
        {
            if ((items & item) != 0)
            {
                parts.Add(item.ToString());
            }
        }

        return string.Join(", ", parts);
    }

    /// <summary>The steps a policy requires, in words.</summary>
    /// <param name="steps">The steps.</param>
    /// <returns>For example <c>Questionnaire, SupplementaryProofs, IdentityVerification</c>, or <c>none</c>.</returns>
    public static string Steps(RequiredSteps steps) =>
        steps == RequiredSteps.None
            ? "none"
            : string.Join(", ", Enum.GetValues<RequiredSteps>().Where(s => s is not (RequiredSteps.None or RequiredSteps.All) && (steps & s) != 0));

    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset value) => value.ToUniversalTime().ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
