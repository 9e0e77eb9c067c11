using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace SecurityReset.Limits;

/// <summary>
/// The account guard's payload: short printable ASCII text the store keeps as given. Version 1 is
/// <c>v1</c>, then <c>;t:{step}</c> when an authenticator step was accepted, then one <c>;{key}:{count}:{utcTicks}</c>
/// per count in ordinal key order. Keys: <c>fe</c>, <c>fp</c>, <c>fa</c>, <c>ff</c>, <c>fn</c>, <c>fi</c> for the failures
/// of the bound email, the bound phone, the authenticator, the face scan, the new contact and the identity details;
/// <c>se</c>, <c>sp</c> for the
/// codes sent to the bound email and phone, and <c>sn.{fingerprint}</c> for the codes sent to a new contact (its
/// keyed fingerprint, base64). Thread-safe.
/// </summary>
internal static class AccountLimitsFormat
{
    /// <summary>The longest payload the library writes (the counts of every factor and of 20 new contacts fit well within it).</summary>
    public const int MaxLength = 2000;

    private const string Version1 = "v1";
    private const int MaxFingerprintLength = 64;

    private static readonly string[] FixedKeys = ["fe", "fp", "fa", "ff", "fn", "fi", AccountLimits.EmailSendsKey, AccountLimits.PhoneSendsKey];

    /// <summary>Writes the payload.</summary>
    /// <exception cref="InvalidOperationException">The limits hold more than fits in <see cref="MaxLength"/> (never with valid options).</exception>
    public static string Write(AccountLimits limits)
    {
        var text = new StringBuilder(Version1);
        if (limits.LastAcceptedTotpStep is { } step)
        {
            text.Append(CultureInfo.InvariantCulture, $";t:{step}");
        }

        foreach (var (key, run) in limits.Runs)
        {
            text.Append(CultureInfo.InvariantCulture, $";{key}:{run.Count}:{run.Last.UtcTicks}");
        }

        return text.Length <= MaxLength
            ? text.ToString()
            : throw new InvalidOperationException("The account guard's counts do not fit in its payload.");
    }

    /// <summary>Reads a payload this class wrote.</summary>
    /// <exception cref="InvalidDataException">The payload is not one this class writes.</exception>
    public static AccountLimits Read(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length > MaxLength)
        {
            throw Malformed("is too long");
        }

        var parts = payload.Split(';');
        if (parts[0] != Version1)
        {
            throw Malformed("is not of format version 1");
        }

        long? step = null;
        var runs = ImmutableSortedDictionary.CreateBuilder<string, LimitRun>(StringComparer.Ordinal);
        for (var i = 1; i < parts.Length; i++)
        {
            var fields = parts[i].Split(':');
            if (fields is ["t", var stepText] && step is null && runs.Count == 0)
            {
                step = Number(stepText, long.MinValue);
            }
            else if (fields is [var key, var countText, var ticksText] && IsKey(key) && !runs.ContainsKey(key))
            {
                var count = Number(countText, 1);
                var ticks = Number(ticksText, 0);
                if (count > int.MaxValue || ticks > DateTimeOffset.MaxValue.UtcTicks)
                {
                    throw Malformed("holds a number out of range");
                }

                runs.Add(key, new LimitRun((int)count, new DateTimeOffset(ticks, TimeSpan.Zero)));
            }
            else
            {
                throw Malformed("holds an entry it cannot read");
            }
        }

        return new AccountLimits(runs.ToImmutable(), step);
    }

    private static bool IsKey(string key)
    {
        if (Array.IndexOf(FixedKeys, key) >= 0)
        {
            return true;
        }

        if (!key.StartsWith(AccountLimits.NewContactSendsPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var fingerprint = key.AsSpan(AccountLimits.NewContactSendsPrefix.Length);
        if (fingerprint.IsEmpty || fingerprint.Length > MaxFingerprintLength)
        {
            return false;
        }

        foreach (var c in fingerprint)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }

        return true;
    }

    private static long Number(string text, long minimum)
    {
        // Digits only (a sign for the step): no spaces, no leading zeros beyond "0", so one payload has one spelling.
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.Length > 19 || (digits[0] == '0' && (digits.Length > 1 || digits.Length < text.Length)) || digits.ContainsAnyExceptInRange('0', '9')
            || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw Malformed("holds a number it cannot read");
        }

        return value;
    }

    private static InvalidDataException Malformed(string what) => new($"The account guard's payload {what}.");
}
