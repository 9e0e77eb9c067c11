namespace SecurityReset.Tests.Verification;

/// <summary>
/// The edges of the contact rules, one value on each side: lengths, the position of the '@', the refused separators,
/// the domain's dots, the phone's '+' and inputs that are not text at all.
/// </summary>
public sealed class ContactNormalizerBoundaryTests
{
    private static readonly string Local64 = new('a', 64);

    // 64 + 1 + 189 = 254 characters, the longest address; one more letter makes 255.
    private static readonly string Longest = Local64 + "@" + new string('b', 185) + ".com";

    public static TheoryData<string> AcceptedEmails() =>
    [
        "a@b.co",
        "a~b@c.de", // '~' is the last printable character allowed
        Local64 + "@b.co",
        Longest,
        "a@b.co".PadRight(512), // at the raw length limit, trimmed to a valid address
    ];

    public static TheoryData<string> RefusedEmails() =>
    [
        "@b.co", "ab@", "a@@b.co", Local64 + "a@b.co", Longest.Replace("@", "@b", StringComparison.Ordinal),
        "a@b.co".PadRight(513), "a b@c.de", "a\u007f@b.co",
        "a,b@c.de", "a;b@c.de", "a<b@c.de", "a>b@c.de", "a(b@c.de", "a)b@c.de", "a\"b@c.de", "a\\b@c.de", "a[b@c.de", "a]b@c.de", "a:b@c.de",
        "a@b", "a@.co", "a@b.co.", "a@b..co",
        "a\ud800@b.co", // ill-formed UTF-16: a lone surrogate
    ];

    [Theory]
    [MemberData(nameof(AcceptedEmails))]
    public void Emails_at_the_edges_that_are_valid_are_accepted(string value)
    {
        Assert.True(ContactNormalizer.TryNormalizeEmail(value, out var normalized), value);
        Assert.Equal(value.Trim(), normalized);
    }

    [Theory]
    [MemberData(nameof(RefusedEmails))]
    public void Emails_just_past_the_edges_are_refused(string value)
    {
        Assert.False(ContactNormalizer.TryNormalizeEmail(value, out var normalized), value);
        Assert.Null(normalized);
    }

    [Fact]
    public void No_value_is_refused_as_either_kind()
    {
        Assert.False(ContactNormalizer.TryNormalizeEmail(null, out _));
        Assert.False(ContactNormalizer.TryNormalizePhone(null, out _));
        Assert.False(ContactNormalizer.TryNormalizeIdentifier(null, out _, out _));
    }

    [Theory]
    [InlineData("+44 (7700) 900-123.", 0)]
    [InlineData("+447700900123", 40)] // padded to the raw limit, trimmed to a valid number
    public void Phones_at_the_edges_that_are_valid_are_accepted(string value, int paddedTo)
    {
        Assert.True(ContactNormalizer.TryNormalizePhone(value.PadRight(paddedTo), out var normalized), value);
        Assert.Equal("+447700900123", normalized);
    }

    [Theory]
    [InlineData("+447700900123", 41)]
    [InlineData("+44+7700900123", 0)] // a '+' anywhere but first
    [InlineData("4+47700900123", 0)]
    public void Phones_just_past_the_edges_are_refused(string value, int paddedTo)
    {
        Assert.False(ContactNormalizer.TryNormalizePhone(value.PadRight(paddedTo), out _), value);
    }

    [Fact]
    public void An_identifier_at_the_length_limit_is_still_folded_before_its_kind_is_chosen()
    {
        // A full-width '@' folds to '@', so the value is an email, even at 512 characters.
        Assert.True(ContactNormalizer.TryNormalizeIdentifier("a\uff20b.co".PadRight(512), out var kind, out var normalized));
        Assert.Equal((ContactKind.Email, "a@b.co"), (kind, normalized));
    }

    [Fact]
    public void An_identifier_that_is_not_well_formed_text_is_refused_not_thrown()
    {
        Assert.False(ContactNormalizer.TryNormalizeIdentifier("\ud800+447700900123", out var kind, out var normalized));
        Assert.Equal(ContactKind.Phone, kind);
        Assert.Null(normalized);
    }
}
