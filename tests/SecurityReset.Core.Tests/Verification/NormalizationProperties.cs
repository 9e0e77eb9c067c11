using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Verification;

/// <summary>
/// Contacts and identity documents: the ways one value can be typed (case, surrounding whitespace, Unicode compatibility
/// forms, phone and document-number punctuation) normalise and fingerprint alike, and different values stay different.
/// Each variant is drawn from a generated seed, so a counterexample names the seed that rebuilds it.
/// </summary>
public sealed class NormalizationProperties
{
    private const int Runs = 300;

    private static readonly PersonalDataProtector Protector = new(new SecretKeyring(TestSecrets.SecretKey));

    // Unicode whitespace that String.Trim removes (and NFKC folds to a plain space where it has a compatibility form).
    private static readonly string[] Blanks = [" ", "\t", "\n", "\u00A0", "\u2003", "\u3000", "\u202F"];

    // Letters that look like Latin ones but are not: an address holding one is refused, never matched to the Latin one.
    private static readonly (char Latin, char LookAlike)[] LookAlikes = [('a', '\u0430'), ('e', '\u0435'), ('o', '\u043E'), ('p', '\u0440'), ('c', '\u0441'), ('o', '\u03BF')];

    private static Gen<string> Word(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
        select new string(chars);

    private const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly Gen<string> Emails =
        from local in Word(Lower + "._-+", 1, 20).Where(l => !l.Contains("..", StringComparison.Ordinal))
        from labels in Gen.Choose(2, 3).SelectMany(n => Gen.ArrayOf(Word(Lower + "-", 1, 10), n))
        select local + "@" + string.Join('.', labels);

    private static readonly Gen<string> Phones =
        from first in Gen.Choose(1, 9)
        from rest in Word("0123456789", 6, 14)
        select "+" + first + rest;

    private static readonly Gen<string> DocumentNumbers = Word("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 5, 12);

    private static readonly string[] Countries = ["GB", "DE", "FR", "IE", "US"];

    private static string Blank(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 3)).Select(_ => Blanks[random.Next(Blanks.Length)]));

    /// <summary>The ASCII character as its full-width compatibility form (NFKC folds it back).</summary>
    private static char FullWidth(char c) => c is > ' ' and <= '~' ? (char)(c - 0x21 + 0xFF01) : c;

    /// <summary>The same address typed another way: letters in either case, some characters full-width, blanks around it.</summary>
    private static string EmailVariant(string email, int seed)
    {
        var random = new Random(seed);
        var typed = new StringBuilder(Blank(random));
        foreach (var c in email)
        {
            var cased = random.Next(2) == 0 ? char.ToUpperInvariant(c) : c;
            typed.Append(random.Next(4) == 0 ? FullWidth(cased) : cased);
        }

        return typed.Append(Blank(random)).ToString();
    }

    /// <summary>The same number typed another way: digits grouped by spaces, hyphens, dots or parentheses, blanks around it.</summary>
    private static string PhoneVariant(string e164, int seed)
    {
        var random = new Random(seed);
        var typed = new StringBuilder(Blank(random)).Append('+');
        var digits = e164[1..];
        for (var i = 0; i < digits.Length; i++)
        {
            switch (random.Next(8))
            {
                case 0:
                    typed.Append(' ');
                    break;
                case 1:
                    typed.Append('-');
                    break;
                case 2:
                    typed.Append('.');
                    break;
                case 3 when i + 3 <= digits.Length:
                    typed.Append('(').Append(digits, i, 3).Append(") ");
                    i += 2;
                    continue;
            }

            typed.Append(digits[i]);
        }

        return typed.Append(Blank(random)).ToString();
    }

    /// <summary>The same document number typed another way: either case, full-width characters, separators between.</summary>
    private static string DocumentNumberVariant(string number, int seed)
    {
        var random = new Random(seed);
        var typed = new StringBuilder(Blank(random));
        foreach (var c in number)
        {
            var cased = random.Next(2) == 0 ? char.ToLowerInvariant(c) : c;
            typed.Append(random.Next(4) == 0 ? FullWidth(cased) : cased);
            if (random.Next(4) == 0)
            {
                typed.Append(" -./"[random.Next(4)]);
            }
        }

        return typed.Append(Blank(random)).ToString();
    }

    /// <summary>The text with its letter or digit at <paramref name="i"/> replaced by another (unchanged at punctuation).</summary>
    private static string OtherLetterAt(string text, int i) =>
        char.IsAsciiLetterOrDigit(text[i]) ? text.Remove(i, 1).Insert(i, text[i] == 'x' ? "y" : "x") : text;

    private static string Normalized(ContactKind kind, string typed)
    {
        Assert.True(ContactNormalizer.TryNormalize(kind, typed, out var normalized), $"'{typed}' was refused");
        return normalized;
    }

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Every_way_of_typing_an_email_address_normalises_and_fingerprints_to_the_address_in_lower_case() =>
        Prop.ForAll(Arb.From(from email in Emails from seed in Gen.Choose(0, int.MaxValue) select (Email: email, Seed: seed)), input =>
        {
            var typed = EmailVariant(input.Email, input.Seed);

            var normalized = Normalized(ContactKind.Email, typed);

            Assert.Equal(input.Email, normalized);
            Assert.Equal(Protector.ContactFingerprint(ContactKind.Email, input.Email), Protector.ContactFingerprint(ContactKind.Email, normalized));
            Assert.True(ContactNormalizer.TryNormalizeIdentifier(typed, out var kind, out var identifier));
            Assert.Equal((ContactKind.Email, input.Email), (kind, identifier));
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Different_email_addresses_stay_different_and_a_look_alike_letter_is_refused() =>
        Prop.ForAll(
            Arb.From(
                from a in Emails
                from b in Gen.Frequency((1, Emails), (2, Gen.Choose(0, a.Length - 1).Select(i => OtherLetterAt(a, i))))
                where a != b
                select (A: a, B: b)),
            input =>
            {
                Assert.NotEqual(Normalized(ContactKind.Email, input.A), Normalized(ContactKind.Email, input.B));
                Assert.NotEqual(Protector.ContactFingerprint(ContactKind.Email, input.A), Protector.ContactFingerprint(ContactKind.Email, input.B));

                var (latin, lookAlike) = LookAlikes.FirstOrDefault(l => input.A.Contains(l.Latin, StringComparison.Ordinal));
                if (latin != default)
                {
                    var spoofed = input.A.Replace(latin, lookAlike);
                    Assert.False(ContactNormalizer.TryNormalize(ContactKind.Email, spoofed, out _), spoofed);
                }
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Every_way_of_formatting_a_phone_number_normalises_to_its_e164_form() =>
        Prop.ForAll(Arb.From(from phone in Phones from seed in Gen.Choose(0, int.MaxValue) select (Phone: phone, Seed: seed)), input =>
        {
            var typed = PhoneVariant(input.Phone, input.Seed);

            Assert.Equal(input.Phone, Normalized(ContactKind.Phone, typed));
            Assert.True(ContactNormalizer.TryNormalizeIdentifier(typed, out var kind, out var identifier));
            Assert.Equal((ContactKind.Phone, input.Phone), (kind, identifier));
        });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Different_phone_numbers_stay_different_and_a_number_without_its_plus_or_with_a_letter_is_refused() =>
        Prop.ForAll(
            Arb.From(
                from a in Phones
                from b in Gen.Frequency((1, Phones), (2, Gen.Choose(1, a.Length - 1).Select(i => a.Remove(i, 1).Insert(i, a[i] == '9' ? "8" : "9"))))
                where a != b && b[1] != '0'
                from seed in Gen.Choose(0, int.MaxValue)
                select (A: a, B: b, Seed: seed)),
            input =>
            {
                Assert.NotEqual(Normalized(ContactKind.Phone, PhoneVariant(input.A, input.Seed)), Normalized(ContactKind.Phone, PhoneVariant(input.B, input.Seed)));
                Assert.False(ContactNormalizer.TryNormalize(ContactKind.Phone, input.A[1..], out _));
                Assert.False(ContactNormalizer.TryNormalize(ContactKind.Phone, input.A + "x", out _));
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Every_way_of_typing_a_document_number_and_its_country_gives_the_same_reference() =>
        Prop.ForAll(
            Arb.From(
                from type in Gen.Elements(Enum.GetValues<DocumentType>())
                from country in Gen.Elements(Countries)
                from number in DocumentNumbers
                from seed in Gen.Choose(0, int.MaxValue)
                select (Type: type, Country: country, Number: number, Seed: seed)),
            input =>
            {
                var random = new Random(input.Seed);
                var typedCountry = Blank(random) + (random.Next(2) == 0 ? input.Country.ToLowerInvariant() : input.Country) + Blank(random);

                var reference = Protector.Document(input.Type, typedCountry, DocumentNumberVariant(input.Number, input.Seed));

                Assert.Equal(Protector.Document(input.Type, input.Country, input.Number), reference);
                Assert.Equal(input.Country, reference.IssuingCountry);
                Assert.DoesNotContain(input.Number, reference.NumberFingerprint, StringComparison.Ordinal);
            });

    [Property(MaxTest = Runs, QuietOnSuccess = true)]
    public Property Documents_that_differ_in_number_type_or_country_get_different_references() =>
        Prop.ForAll(
            Arb.From(
                from type in Gen.Elements(Enum.GetValues<DocumentType>())
                from country in Gen.Elements(Countries)
                from number in DocumentNumbers
                from change in Gen.Choose(0, 2)
                from otherType in Gen.Elements(Enum.GetValues<DocumentType>()).Where(t => t != type)
                from otherCountry in Gen.Elements(Countries).Where(c => c != country)
                from otherNumber in Gen.Frequency((1, DocumentNumbers), (2, Gen.Choose(0, number.Length - 1).Select(i => number.Remove(i, 1).Insert(i, number[i] == 'Q' ? "R" : "Q"))))
                where otherNumber != number
                select (Type: type, Country: country, Number: number, Change: change, OtherType: otherType, OtherCountry: otherCountry, OtherNumber: otherNumber)),
            input =>
            {
                var reference = Protector.Document(input.Type, input.Country, input.Number);
                var other = input.Change switch
                {
                    0 => Protector.Document(input.OtherType, input.Country, input.Number),
                    1 => Protector.Document(input.Type, input.OtherCountry, input.Number),
                    _ => Protector.Document(input.Type, input.Country, input.OtherNumber),
                };

                Assert.NotEqual(reference, other);
                Assert.NotEqual(reference.NumberFingerprint, other.NumberFingerprint);
            });
}
